"""The two real reports of the corpus: the shared Report values are exact, and validate them as a clerk would."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pdfplumber
import pytest

from gongkai.core.report.model import Report, Severity
from gongkai.core.report.rules import validate
from tests.core.report.reports import huaian_2024, wuzhong_2021

RECONSIDERATION = tuple(
    f"t4.reconsideration.{c}" for c in ("upheld", "corrected", "other", "pending", "total")
)


def test_wuzhong_errors_name_exactly_the_five_blank_reconsideration_cells() -> None:
    findings = validate(wuzhong_2021())
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == ["cell.blank"] * 5
    assert tuple(c for f in errors for c in f.cells) == RECONSIDERATION
    assert errors[0].message == "表四“行政复议”“结果维持”未填写：没有可统计的数量时应填 0。"
    assert all(s.line == 83 for f in errors for s in f.sources)
    # Its text says 全年收到政府信息公开申请 0 件 and the tables agree; section 五 has real content.
    assert findings == tuple(errors)


def test_huaian_has_no_finding_at_all() -> None:
    assert validate(huaian_2024()) == ()


def test_huaian_validated_against_itself_as_last_year_finds_the_carry_over_and_the_copied_text() -> None:
    this_year = huaian_2024()
    last_year = Report(
        template="2021",
        agency=this_year.agency,
        year=2023,
        cells=this_year.cells,
        sections=this_year.sections,
    )
    codes = [f.code for f in validate(this_year, previous=last_year)]
    # carried_over (34, 0, …) ≠ last carried_forward (103, 0, …) in two columns; in_force 11 ≠ 11 + 1 − 0 and
    # 66 ≠ 66 + 8 − 26; every paragraph repeated.
    assert codes == [
        "carry_over",
        "carry_over",
        "t2.in_force_drift",
        "t2.in_force_drift",
        "narrative.repeated",
    ]


def _pdf_text_without_footers(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    return "".join(line for line in lines if not re.fullmatch(r"- \d+ -", line))


def test_huaian_paragraphs_are_the_pdf_text(corpus: Path) -> None:
    text = _pdf_text_without_footers(corpus / "huaian-city-government-2024.pdf")
    report = huaian_2024()
    position = 0
    for key in ("preamble", "overview", "problems", "other"):
        for paragraph in report.sections[key]:
            found = text.find(paragraph, position)
            assert found >= 0, paragraph[:30]
            position = found + len(paragraph)
    assert [len(report.sections[k]) for k in ("preamble", "overview", "problems", "other")] == [1, 6, 2, 1]


def test_wuzhong_paragraphs_are_the_txt_text_with_page_breaks_rejoined(corpus: Path) -> None:
    raw = (corpus / "wuzhong-approval-bureau-2021.txt").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip()]
    report = wuzhong_2021()
    for key, paragraphs in report.sections.items():
        for paragraph in paragraphs:
            if paragraph in lines:
                continue
            # A paragraph broken by a page break: two consecutive lines of the file.
            pairs = [a + b for a, b in itertools.pairwise(lines)]
            assert paragraph in pairs, (key, paragraph[:30])
    assert report.sections["other"] == ("无。",)
    assert [len(report.sections[k]) for k in ("preamble", "overview", "problems", "other")] == [1, 6, 2, 1]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("t3.new.total", 3119),
        ("t3.total.total", 3050),
        ("t3.carried_forward.total", 103),
        ("t2.penalty.decisions", 3985758),
        ("t4.reconsideration.total", 351),
        ("t4.litigation_after.total", 20),
    ],
)
def test_huaian_cells_quoted_in_the_task(cell: str, value: int) -> None:
    assert huaian_2024()[cell] == value
