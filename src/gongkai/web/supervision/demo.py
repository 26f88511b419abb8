"""The demo's external reports: agencies of the demo city that are not on the platform, whose yearly reports
(generated, consistent year to year, one with a mistake the rules find) are rendered in every format the engine
writes and imported through the same service a supervisor uses — so the dashboard has a subtree to sum."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal

from gongkai.core.cases import Role
from gongkai.core.report import io
from gongkai.core.report.model import CellValue, Report
from gongkai.core.report.templates import TEMPLATE_2021
from gongkai.core.report.workflow import year_due
from gongkai.web.agencies.models import Agency
from gongkai.web.supervision.models import ImportBatch
from gongkai.web.supervision.services import import_batch

__all__ = ["EXTERNAL_AGENCIES", "external_report", "seed_demo"]

# name, typical applications a year
EXTERNAL_AGENCIES: tuple[tuple[str, int], ...] = (
    ("吴忠市教育局", 18),
    ("吴忠市民政局", 9),
    ("吴忠市财政局", 5),
    ("吴忠市利通区人民政府", 41),
    ("青铜峡市人民政府", 27),
)
_FORMATS = ("html", "docx", "xlsx", "json", "txt", "pdf")
_KINDS = ("natural", "commercial", "research", "nonprofit", "legal", "other_org")
_KIND_WEIGHTS = (70, 18, 2, 2, 4, 4)


def external_report(
    name: str, year: int, *, size: int, carried_over: dict[str, int], rng: random.Random
) -> Report:
    """A consistent report: this year's requests spread over applicant kinds and outcomes, last year's open
    ones carried over, a few left open at the end of the year."""
    cells: dict[str, CellValue] = dict.fromkeys(TEMPLATE_2021.cell_ids, 0)
    outcomes = TEMPLATE_2021.outcome_rows
    weights = [
        30 if r == "granted" else 10 if r in {"partial", "unavailable_not_held"} else 1 for r in outcomes
    ]
    for kind in _KINDS:
        cells[f"t3.carried_over.{kind}"] = carried_over.get(kind, 0)
    for _ in range(max(0, size + rng.randint(-size // 3, size // 3))):
        kind = rng.choices(_KINDS, weights=_KIND_WEIGHTS)[0]
        cells[f"t3.new.{kind}"] = _int(cells[f"t3.new.{kind}"]) + 1
    for kind in _KINDS:
        open_cases = _int(cells[f"t3.new.{kind}"]) + _int(cells[f"t3.carried_over.{kind}"])
        forward = sum(1 for _ in range(open_cases) if rng.random() < 0.08)
        cells[f"t3.carried_forward.{kind}"] = forward
        for _ in range(open_cases - forward):
            row = rng.choices(outcomes, weights=weights)[0]
            cells[f"t3.{row}.{kind}"] = _int(cells[f"t3.{row}.{kind}"]) + 1
        cells[f"t3.total.{kind}"] = sum(_int(cells[f"t3.{row}.{kind}"]) for row in outcomes)
    for row in ("new", "carried_over", *outcomes, "total", "carried_forward"):
        cells[f"t3.{row}.total"] = sum(_int(cells[f"t3.{row}.{kind}"]) for kind in _KINDS)
    cells["t2.normative.issued"] = rng.randint(0, 3)
    cells["t2.normative.in_force"] = rng.randint(3, 12)
    cells["t2.licensing.decisions"] = rng.randint(0, 900)
    cells["t2.penalty.decisions"] = rng.randint(0, 60)
    cells["t2.fees.amount"] = Decimal(rng.randint(0, 4000)) / 100
    appeals = rng.random() < 0.3
    cells["t4.reconsideration.upheld"] = 1 if appeals else 0
    cells["t4.reconsideration.total"] = 1 if appeals else 0
    new = _int(cells["t3.new.total"])
    sections = {
        "overview": (
            f"{year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开标准化规范化建设。",
            f"依申请公开方面：{year}年全年收到政府信息公开申请{new}件。",
        ),
        "problems": ("政策解读的针对性有待提高，公开内容的更新还不够及时。",),
        "other": (f"{year}年度未收取信息处理费。",),
    }
    return Report(template="2021", agency=name, year=year, cells=cells, sections=sections)


def _int(value: CellValue) -> int:
    return int(value or 0)


def _reports(rng: random.Random, last_year: int) -> Iterator[tuple[str, bytes]]:
    for number, (name, size) in enumerate(EXTERNAL_AGENCIES):
        carried: dict[str, int] = {}
        for year in range(2021, last_year + 1):
            report = external_report(name, year, size=size, carried_over=carried, rng=rng)
            carried = {k: _int(report.cells[f"t3.carried_forward.{k}"]) for k in _KINDS}
            if name == "吴忠市财政局" and year == 2023:
                # A report as agencies sometimes publish it: a total that does not add up.
                report = report.with_cells(t3__total__total=_int(report.cells["t3.total.total"]) + 2)
            fmt = _FORMATS[(number + year) % len(_FORMATS)]
            yield f"{name}{year}年政府信息公开工作年度报告.{fmt}", io.render(report, fmt)


def seed_demo(*, under: Agency, rng: random.Random, today: dt.date) -> ImportBatch:
    """Import the external agencies' reports for 2021 … last year under `under`, as its supervisor."""
    membership = (
        under.memberships.filter(role=Role.SUPERVISOR.value, active=True).select_related("user").first()
    )
    by = membership.user if membership is not None else None
    return import_batch(
        under=under,
        files=_reports(rng, year_due(today)),
        by=by,
        on=today,
        origin=ImportBatch.Origin.COMMAND,
    )
