"""Properties: a consistent report has no error; breaking any one cell of table 三 is always caught by name."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.report.model import CellValue, Report, Severity
from gongkai.core.report.rules import validate
from gongkai.core.report.templates import TEMPLATES, get_template

_COUNTS = st.integers(min_value=0, max_value=60)


@st.composite
def consistent_reports(draw: st.DrawFn) -> Report:
    """Either template, every identity true by construction, with a narrative that states some figures."""
    template = get_template(draw(st.sampled_from(sorted(TEMPLATES))))
    cells: dict[str, CellValue] = {}
    for cell in template.table("t2").cells():
        cells[cell.id] = (
            draw(st.decimals(min_value=0, max_value=10**6, places=4))
            if cell.kind == "amount"
            else draw(_COUNTS)
        )
    (t3,) = template.table("t3").blocks
    applicants = [c.id for c in t3.columns if c.id != "total"]
    for column in applicants:
        outcomes = {row: draw(_COUNTS) for row in template.outcome_rows}
        total = sum(outcomes.values())
        forward = draw(_COUNTS)
        over = draw(st.integers(min_value=0, max_value=total + forward))
        cells |= {f"t3.{row}.{column}": v for row, v in outcomes.items()}
        cells |= {
            f"t3.total.{column}": total,
            f"t3.carried_forward.{column}": forward,
            f"t3.carried_over.{column}": over,
            f"t3.new.{column}": total + forward - over,
        }
    for row in t3.rows:
        cells[f"t3.{row.id}.total"] = sum(_int(cells[f"t3.{row.id}.{c}"]) for c in applicants)
    for block in template.table("t4").blocks:
        for group in block.rows:
            parts = {c.id: draw(_COUNTS) for c in block.columns if c.id != "total"}
            cells |= {f"t4.{group.id}.{c}": v for c, v in parts.items()}
            cells[f"t4.{group.id}.total"] = sum(parts.values())
    stated = (
        f"全年共收到政府信息公开申请 {cells['t3.new.total']} 件，上年结转 {cells['t3.carried_over.total']} 件，"
        f"结转下年度继续办理 {cells['t3.carried_forward.total']} 件。政府信息公开行政复议 "
        f"{cells['t4.reconsideration.total']} 件，其中结果维持 {cells['t4.reconsideration.upheld']} 件；"
        f"政府信息公开行政诉讼 "
        f"{_int(cells['t4.litigation_direct.total']) + _int(cells['t4.litigation_after.total'])} 件。"
    )
    overview = draw(st.sampled_from([(), (stated,), ("本年度依法做好政府信息公开工作。", stated)]))
    return Report(
        template=template.id,
        agency="某某市人民政府",
        year=draw(st.integers(min_value=2019, max_value=2030)),
        cells=cells,
        sections={"overview": overview, "problems": ("政策解读质量仍需提升。",)},
    )


def _int(value: CellValue) -> int:
    assert isinstance(value, int)
    return value


@settings(deadline=None)  # timing on a shared 2-core machine is not what these test
@given(consistent_reports())
def test_a_consistent_report_has_no_error(report: Report) -> None:
    assert [f for f in validate(report) if f.severity is Severity.ERROR] == []


@settings(deadline=None)  # timing on a shared 2-core machine is not what these test
@given(consistent_reports(), st.data())
def test_breaking_any_one_cell_of_table_three_is_an_error_naming_it(
    report: Report, data: st.DataObject
) -> None:
    cell = data.draw(st.sampled_from([c.id for c in report.spec.table("t3").cells()]))
    value = report[cell]
    assert isinstance(value, int)
    broken: CellValue = data.draw(
        st.one_of(st.none(), st.integers(min_value=-value - 5, max_value=60).filter(lambda v: v != value))
    )
    findings = validate(report.with_cells(**{cell.replace(".", "__"): broken}))
    assert any(f.severity is Severity.ERROR and cell in f.cells for f in findings)


_WORDS = st.sampled_from(
    [
        "收到",
        "受理",
        "政府信息公开",
        "申请",
        "件",
        "上年度结转",
        "结转下年度",
        "顺延到下年度",
        "行政复议",
        "行政诉讼",
        "其中结果维持",
        "尚未审结",
        "信息处理费",
        "元",
        "万元",
        "，",
        "。",
        "；",
        "（",
        "）",
        "约",
        "余",
        " ",
    ]
)
_NUMBERS = st.integers(min_value=0, max_value=10**6).map(str)


@settings(deadline=None)  # timing on a shared 2-core machine is not what these test
@given(
    st.lists(st.lists(st.one_of(_WORDS, _NUMBERS), max_size=30).map("".join), max_size=4),
    st.dictionaries(
        st.sampled_from(get_template("2021").cell_ids),
        st.one_of(st.none(), st.integers(min_value=-(10**6), max_value=10**6)),
        max_size=40,
    ),
)
def test_validate_never_fails_on_odd_text_and_cells(
    paragraphs: list[str], changes: dict[str, int | None]
) -> None:
    cells: dict[str, CellValue] = dict.fromkeys(get_template("2021").cell_ids, 0)
    cells["t2.fees.amount"] = Decimal("1")
    cells |= {k: (Decimal(v) if v is not None and k == "t2.fees.amount" else v) for k, v in changes.items()}
    report = Report(
        template="2021",
        agency="a",
        year=2024,
        cells=cells,
        sections={"overview": tuple(paragraphs), "other": tuple(paragraphs), "problems": tuple(paragraphs)},
    )
    previous = Report(
        template="2021", agency="a", year=2023, cells={}, sections={"overview": tuple(paragraphs)}
    )
    for finding in validate(report, previous=previous):
        assert finding.code
        assert finding.message
        assert set(finding.cells) <= set(cells)
