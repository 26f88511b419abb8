"""The `gongkai` command. Each sub-command lives in its own module with `register(subparsers)`.

Exit status: 0 success, 1 the command ran and found errors (e.g. a report fails validation), 2 the input could
not be used (unreadable file, bad arguments). A `GongkaiError` is printed as its Chinese message, never as a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from gongkai import __version__
from gongkai.core.errors import GongkaiError

__all__ = ["main"]

# Sub-command modules, in the order `gongkai --help` lists them.
COMMAND_MODULES: tuple[str, ...] = ("report", "web", "workdays", "deadline", "fees")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="Gongkai（公开）：政府信息公开工作平台的命令行工具。",
    )
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        import_module(f"gongkai.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except GongkaiError as error:
        print(f"错误：{error}（{error.code}）", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
