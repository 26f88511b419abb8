"""The subtree sums computed in SQL over the stored figures equal the core's sum of the same reports, blanks and
exact amounts included; only current published versions of the subtree count; the statuses list the tree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.report.aggregate import aggregate
from gongkai.core.report.model import Report
from gongkai.web.agencies.models import Agency
from gongkai.web.annualreports.codec import encode_cells, figure_values
from gongkai.web.annualreports.models import AnnualReport, ReportFigures, ReportVersion
from gongkai.web.annualreports.selectors import figures_sums
from gongkai.web.supervision.selectors import subtree_rows
from tests.core.report.strategies import reports
from tests.web.conftest import Staff, Tree

YEAR = 2024


def store(agency: Agency, report: Report, *, current: bool = True, subject: str = "") -> None:
    """A published version as the workflow stores it (the figures row derived from the cells)."""
    stored = AnnualReport.objects.create(
        agency=agency, subject=subject or report.agency, external=bool(subject), year=report.year,
        template=report.template, newest_status="published", first_published_on=dt.date(report.year + 1, 1, 20),
    )  # fmt: skip
    version = ReportVersion.objects.create(
        report=stored, number=1, status="published", record_cells=encode_cells(report.cells)
    )
    ReportFigures.objects.create(
        version=version, agency=agency, year=report.year, current=current, **figure_values(report)
    )


def _in_year(report: Report) -> Report:
    return Report(template=report.template, agency=report.agency, year=YEAR, cells=report.cells)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.one_of(reports("2021"), reports("2019")), min_size=0, max_size=5))
def test_sql_sums_equal_the_core_sum(tree: Tree, parts: list[Report]) -> None:
    parts = [_in_year(p) for p in parts]
    with transaction.atomic():
        for index, part in enumerate(parts):
            store(tree.city, part, subject=f"外部机关{index}")
        got = figures_sums(tree.city, [YEAR], name="汇总")[YEAR].aggregate
        transaction.set_rollback(True)
    expected = aggregate(parts, agency="汇总", year=YEAR)
    assert got.count == expected.count
    assert dict(got.report.cells) == dict(expected.report.cells)
    assert dict(got.blanks) == dict(expected.blanks)


def test_only_current_versions_of_the_subtree_count(tree: Tree) -> None:
    base = Report.blank("2021", agency="x", year=YEAR)
    store(tree.bureau, base.with_cells(t3__new__total=5, t2__fees__amount=Decimal("0.000001")))
    store(tree.other, base.with_cells(t3__new__total=7), current=False, subject="旧版本")
    store(tree.province, base.with_cells(t3__new__total=100))
    city = figures_sums(tree.city, [YEAR, YEAR + 1], name="汇总")
    assert city[YEAR].aggregate.report["t3.new.total"] == 5
    assert city[YEAR].aggregate.report["t2.fees.amount"] == Decimal("0.000001")
    assert city[YEAR + 1].aggregate.count == 0
    assert figures_sums(tree.province, [YEAR], name="汇总")[YEAR].aggregate.report["t3.new.total"] == 105


def test_the_statuses_cover_the_whole_subtree_in_tree_order(tree: Tree, staff: Staff) -> None:
    store(tree.bureau, Report.blank("2021", agency="吴忠市审批服务管理局", year=YEAR))
    rows = subtree_rows(tree.city, YEAR, today=dt.date(2025, 2, 10))
    assert [(r.agency.code, r.depth, r.status.status) for r in rows] == [
        ("WZ", 0, "not_started"),  # a government: due 31 March
        ("WZSP", 1, "published"),
        ("WZZR", 1, "late"),
    ]
