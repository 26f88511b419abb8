"""Our calendar files against the `chinesecalendar` package (a development dependency), day by day."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import chinese_calendar

from gongkai.core.workdays import load_calendar

CALENDAR = load_calendar()
GENERATOR = Path(__file__).resolve().parents[3] / "scripts" / "generate_calendar.py"

# Where the official notice and chinesecalendar disagree, the notice wins. Each difference is listed with its
# source in scripts/generate_calendar.py (CORRECTIONS); this is the complete list.
DOCUMENTED_DIFFERENCES = {
    # 国办发明电〔2005〕35号: "12月31日（星期六）上班" (liriansu-opus/chinese-calendar issue #125).
    dt.date(2005, 12, 31): True,
}


def test_every_day_2004_to_2026_matches_chinesecalendar() -> None:
    differences = {}
    day = dt.date(2004, 1, 1)
    while day <= dt.date(2026, 12, 31):
        ours = CALENDAR.is_workday(day)
        if ours != chinese_calendar.is_workday(day):
            differences[day] = ours
        day += dt.timedelta(days=1)
    assert differences == DOCUMENTED_DIFFERENCES


def test_holidays_and_makeup_days_are_the_same_days() -> None:
    for day in chinese_calendar.holidays:
        if 2004 <= day.year <= 2026:
            assert CALENDAR.holiday_name(day) is not None, day
    for day in chinese_calendar.workdays:
        if 2004 <= day.year <= 2026:
            assert CALENDAR.makeup_name(day) is not None, day


def _generator_main() -> object:
    spec = importlib.util.spec_from_file_location("generate_calendar", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module.main


def test_the_packaged_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    main = _generator_main()
    assert main(["--check"]) == 0  # type: ignore[operator]
    assert main(["--out", str(tmp_path)]) == 0  # type: ignore[operator]
    assert len(list(tmp_path.glob("*.toml"))) == 23
