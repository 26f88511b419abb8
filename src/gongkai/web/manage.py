"""Django's manage.py for Gongkai: `python -m gongkai.web.manage …` or `gongkai web manage …`."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *(argv if argv is not None else sys.argv[1:])])
    return 0


if __name__ == "__main__":
    sys.exit(main())
