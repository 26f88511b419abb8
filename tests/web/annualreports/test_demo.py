"""The demo reproduces the real 2021 report of 吴忠市审批服务管理局 from its records, and leaves every state of
the workflow to look at (published reports since 2021, a correction, a late draft, imported external reports).

Slow: it loads the whole demo (a few hundred cases, the register, the reports) once for the module."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from gongkai.core.report import io
from gongkai.core.report.drafting import draft_sections
from gongkai.web.agencies.models import Agency
from gongkai.web.annualreports import selectors
from gongkai.web.annualreports.models import AnnualReport
from gongkai.web.demo import DEMO_TODAY, load_demo

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"
BLANK_IN_THE_REAL_REPORT = [
    f"t4.reconsideration.{c}" for c in ("upheld", "corrected", "other", "pending", "total")
]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Agency]:
    # Loaded once inside a transaction rolled back at the end, so no other test sees the demo.
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield Agency.objects.get(code="WZSP")
        transaction.set_rollback(True)


def _real_2021() -> Any:
    return io.parse_file(CORPUS / "wuzhong-approval-bureau-2021.txt").report


def _states_the_real_facts(overview: str) -> None:
    # The real report: 在中国·吴忠政府门户网站主动公开部门文件 2 条，在…政务微博和微信公众号发布信息 246 条 … 2 件政协委员提案
    # 办理答复 … 2021 年全年收到政府信息公开申请 0 件。
    assert re.search(r"门户网站主动公开[^。；]*?2条", overview), overview
    assert "在政务微博和微信公众号发布信息246条" in overview
    assert "2件政协委员提案办理答复" in overview
    assert "2021年全年收到政府信息公开申请0件" in overview


def test_the_records_give_the_real_2021_tables(demo: Agency) -> None:
    real = _real_2021()
    assert [c for c, v in real.cells.items() if v is None] == BLANK_IN_THE_REAL_REPORT
    expected = {c: 0 if v is None else v for c, v in real.cells.items()}
    assert selectors.records_cells(agency=demo, year=2021) == expected


def test_the_drafted_section_one_states_the_real_facts(demo: Agency) -> None:
    cells = selectors.records_cells(agency=demo, year=2021)
    facts = selectors.records_facts(agency=demo, year=2021)
    sections = draft_sections(agency=demo.name, year=2021, cells=cells, facts=facts)
    _states_the_real_facts("".join(sections["overview"]))


def test_the_published_2021_report_is_the_real_one_and_its_files_parse_back(demo: Agency) -> None:
    report = selectors.report_for(demo, 2021)
    assert report is not None
    version = selectors.published_version(report)
    assert version is not None
    value = selectors.version_report(version)
    real = _real_2021()
    assert dict(value.cells) == {c: 0 if v is None else v for c, v in real.cells.items()}
    _states_the_real_facts("".join(value.sections["overview"]))
    assert "发布信息多为转载" in "".join(value.sections["problems"])
    for fmt in ("pdf", "docx", "json", "html"):
        stored = selectors.report_file(version, fmt)
        assert stored is not None
        assert dict(io.parse_bytes(bytes(stored.content), name=stored.name).report.cells) == dict(value.cells)


def test_the_demo_shows_every_state(demo: Agency) -> None:
    years = range(2021, DEMO_TODAY.year)
    for year in years:
        report = selectors.report_for(demo, year)
        assert report is not None
        assert report.first_published_on is not None, year
    corrected = selectors.report_for(demo, 2024)
    assert corrected is not None
    assert [v.number for v in selectors.published_versions(corrected)] == [2, 1]
    sibling = Agency.objects.get(code="WZZR")
    late = selectors.report_status_for(
        sibling, DEMO_TODAY.year - 1, selectors.report_for(sibling, DEMO_TODAY.year - 1), today=DEMO_TODAY
    )
    assert (late.status, late.stage) == ("late", "draft")
    # The sibling joined for its 2025 report: the years before are not late.
    earlier = selectors.report_status_for(sibling, 2024, None, today=DEMO_TODAY)
    assert earlier.status == "before_platform"
    external = AnnualReport.objects.filter(external=True)
    assert external.count() == 5 * len(years)
    wrong = external.get(subject="吴忠市财政局", year=2023)
    version = selectors.newest_version(wrong)
    assert version is not None
    assert version.error_count > 0
    city = Agency.objects.get(code="WZ")
    total = selectors.figures_sums(city, [2025], name="x")[2025].aggregate
    assert total.count == 6  # the demo agency and the five external ones
