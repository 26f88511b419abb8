"""The `gongkai` command. Each sub-command lives in its own module with `register(subparsers)`.

Exit status: 0 success, 1 the command ran and found errors (e.g. a report fails validation), 2 the input could
not be used (unreadable file, bad arguments). A `GongkaiError` is printed as its Chinese message, never as a
traceback. When the reader of the output goes away (`gongkai report parse FILE | head`), the command stops
quietly with status 141 (128 + SIGPIPE), as Unix tools do.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from gongkai import __version__
from gongkai.core.errors import GongkaiError

__all__ = ["main"]

# What a Unix tool killed by SIGPIPE reports: 128 + 13.
EXIT_BROKEN_PIPE = 141

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
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is handled below
    except GongkaiError as error:
        print(f"错误：{error}（{error.code}）", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    return status


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that Python's flush at exit does not fail on the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a file (captured in tests): nothing left to flush there
        pass


if __name__ == "__main__":
    sys.exit(main())
