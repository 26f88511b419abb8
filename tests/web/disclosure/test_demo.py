"""The demo reproduces the facts of the agency's real 2021 report, and gives realistic later years."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gongkai.core.report.io import parse_bytes
from gongkai.web.agencies.models import Agency
from gongkai.web.appeals.selectors import table4_cells
from gongkai.web.demo import DEMO_TODAY, load_demo
from gongkai.web.disclosure.models import RegisterItem
from gongkai.web.disclosure.selectors import queue, table2_cells
from gongkai.web.facts.selectors import year_facts

pytestmark = pytest.mark.slow


def test_the_demo_agency_s_2021_matches_its_real_report(db: Any, corpus: Any) -> None:
    load_demo()
    agency = Agency.objects.get(code="WZSP")
    real = parse_bytes((corpus / "wuzhong-approval-bureau-2021.txt").read_bytes(), name="wuzhong.txt").report
    t2 = table2_cells(agency=agency, year=2021)
    assert t2 == {cell: value for cell, value in real.cells.items() if cell.startswith("t2.")}
    assert all(value == 0 for value in t2.values())
    t4 = table4_cells(agency=agency, year=2021)
    assert set(t4.values()) == {0}
    facts = year_facts(agency=agency, year=2021)
    assert facts.portal_items == 2
    assert facts.new_media_posts == 246
    assert facts.cppcc_proposals_disclosed == 2
    assert facts.open_days == 1
    assert facts.applications_received == 0
    assert facts.processing_fees_yuan == Decimal(0)

    # Later years: documents in force, entered figures, appeals carried over, work in progress at the demo's today.
    assert table2_cells(agency=agency, year=2024)["t2.normative.in_force"] == 3
    assert table2_cells(agency=agency, year=2025)["t2.licensing.decisions"] == 16480
    assert table2_cells(agency=agency, year=2026)["t2.licensing.decisions"] is None  # not yet entered
    assert table4_cells(agency=agency, year=2025)["t4.litigation_after.pending"] == 1
    assert table4_cells(agency=agency, year=2026)["t4.litigation_after.upheld"] == 1
    for name in ("drafts", "in_review", "approved", "overdue", "late", "documents"):
        assert queue(agency, name, today=DEMO_TODAY).exists(), name
    assert RegisterItem.objects.filter(source_application__isnull=False).exists()  # Art. 44
    assert RegisterItem.objects.filter(agency__code="WZZR", state="published").count() == 3
    assert year_facts(agency=agency, year=2025).new_media_posts == 355
