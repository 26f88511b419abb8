"""Reads of the supervision pages: which subtrees a user supervises, the report status of every agency in one,
the reports imported for agencies not on the platform, the subtree's sums and their year-on-year series."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_noop

from gongkai.core.cases import Role
from gongkai.core.report.aggregate import Aggregate, PartErrors, left_out_cells, part_findings
from gongkai.core.report.model import CellValue, Finding
from gongkai.core.report.rules import validate
from gongkai.core.report.workflow import ReportStatus, StatusView
from gongkai.web.agencies.models import Agency, StaffMembership
from gongkai.web.agencies.selectors import agency_subtree, supervised_agencies
from gongkai.web.annualreports import selectors as reports
from gongkai.web.annualreports.models import AnnualReport, ReportFigures, ReportVersion
from gongkai.web.supervision.charts import BarChart, Series
from gongkai.web.supervision.models import ImportBatch

__all__ = [
    "AgencyRow",
    "ExternalRow",
    "annual_report_in_scope",
    "batch_for",
    "chart_series",
    "external_rows",
    "recent_batches",
    "status_counts",
    "subtree_rows",
    "supervised_tops",
    "supervises",
    "totals_findings",
]


def supervised_tops(user: User | AnonymousUser) -> list[Agency]:
    """The agencies at the top of the subtrees the user supervises, in tree order."""
    if not isinstance(user, User):
        return []
    memberships = StaffMembership.objects.filter(user=user, active=True, role=Role.SUPERVISOR.value)
    agencies = sorted({m.agency for m in memberships.select_related("agency")}, key=lambda a: a.path)
    return [a for a in agencies if not any(a.path.startswith(b.path) and a != b for b in agencies)]


def supervises(user: User | AnonymousUser, agency: Agency) -> bool:
    return supervised_agencies(user).filter(pk=agency.pk).exists()


@dataclass(frozen=True)
class AgencyRow:
    agency: Agency
    depth: int
    status: StatusView
    report: AnnualReport | None
    version: ReportVersion | None


def _newest_versions(report_ids: Sequence[int]) -> dict[int, ReportVersion]:
    newest: dict[int, ReportVersion] = {}
    # The list pages need the status and the findings, not the report's content.
    versions = ReportVersion.objects.filter(report_id__in=report_ids).defer(
        "record_cells", "manual_cells", "sections"
    )
    for version in versions.order_by("report_id", "number"):
        newest[version.report_id] = version
    return newest


def subtree_rows(top: Agency, year: int, *, today: dt.date) -> list[AgencyRow]:
    """Every platform agency of the subtree with its report's status for `year` and the newest version (whose
    stored findings the page shows)."""
    agencies = list(agency_subtree(top).order_by("path"))
    found = {
        r.agency_id: r for r in AnnualReport.objects.filter(agency__in=agencies, year=year, external=False)
    }
    versions = _newest_versions([r.pk for r in found.values()])
    base = top.path.count("/")
    rows = []
    for agency in agencies:
        report = found.get(agency.pk)
        status = reports.report_status_for(agency, year, report, today=today)
        version = versions.get(report.pk) if report is not None else None
        rows.append(AgencyRow(agency, agency.path.count("/") - base, status, report, version))
    return rows


@dataclass(frozen=True)
class ExternalRow:
    report: AnnualReport
    version: ReportVersion


def external_rows(top: Agency, year: int) -> list[ExternalRow]:
    """Reports imported for agencies not on the platform, filed in the subtree."""
    found = list(
        AnnualReport.objects.filter(agency__path__startswith=top.path, year=year, external=True)
        .select_related("agency")
        .order_by("agency__path", "subject")
    )
    versions = _newest_versions([r.pk for r in found])
    return [ExternalRow(r, versions[r.pk]) for r in found if r.pk in versions]


def totals_findings(top: Agency, year: int, total: Aggregate) -> tuple[Finding, ...]:
    """What the page and every download of the subtree's sums for `year` say about them: the rules' findings on
    the sums (a blank is shown by its count of missing reports, not repeated as a finding; a sum has no narrative),
    then a warning for each summed report with errors, naming its values left out of the sums (`aggregate`)."""
    on_sums = [f for f in validate(total.report) if f.cells and f.code != "cell.blank"]
    summed = (
        ReportFigures.objects.filter(
            current=True, year=year, agency__path__startswith=top.path, version__error_count__gt=0
        )
        .select_related("version", "version__report")
        .order_by("agency__path", "version__report__subject")
    )
    parts = [
        PartErrors(
            agency=figures.version.report.subject,
            errors=figures.version.error_count,
            left_out=left_out_cells(reports.effective_cells(figures.version)),
        )
        for figures in summed
    ]
    return (*on_sums, *part_findings(parts, template=total.report.template))


def status_counts(rows: Sequence[AgencyRow]) -> list[tuple[ReportStatus, int]]:
    counts = Counter(row.status.status for row in rows)
    return [
        (status, counts.get(status, 0))
        for status in ReportStatus
        if counts.get(status) or status is not ReportStatus.BEFORE_PLATFORM
    ]


def annual_report_in_scope(user: User | AnonymousUser, pk: int) -> AnnualReport | None:
    """A report (platform or imported) in a subtree the user supervises; None otherwise."""
    report = AnnualReport.objects.select_related("agency").filter(pk=pk).first()
    if report is None or not supervises(user, report.agency):
        return None
    return report


def batch_for(user: User | AnonymousUser, pk: int) -> ImportBatch | None:
    batch = ImportBatch.objects.select_related("under").filter(pk=pk).first()
    if batch is None or not supervises(user, batch.under):
        return None
    return batch


def recent_batches(top: Agency) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(under__path__startswith=top.path).select_related("under", "created_by")[
        :10
    ]


def _int(value: CellValue) -> int | None:
    return None if value is None else int(value)


# The charts of the dashboard: a title, and per series its name and the cells summed into it.
_CHARTS: tuple[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("applications", gettext_noop("政府信息公开申请（件）"), (
        (gettext_noop("本年新收"), ("t3.new.total",)),
        (gettext_noop("本年办结"), ("t3.total.total",)),
        (gettext_noop("结转下年"), ("t3.carried_forward.total",)),
    )),
    ("outcomes", gettext_noop("办理结果（件）"), (
        (gettext_noop("予以公开"), ("t3.granted.total",)),
        (gettext_noop("部分公开"), ("t3.partial.total",)),
        (gettext_noop("不予公开"), tuple(f"t3.withheld_{k}.total" for k in (
            "secret", "law", "security", "third_party", "internal", "process", "enforcement", "query"))),
        (gettext_noop("无法提供"), ("t3.unavailable_not_held.total", "t3.unavailable_needs_creation.total",
                  "t3.unavailable_unclear.total")),
        (gettext_noop("不予处理及其他"), (
            *(f"t3.declined_{k}.total" for k in ("petition", "repeat", "publication", "mass", "confirm")),
            "t3.other_no_correction.total", "t3.other_fee_unpaid.total", "t3.other_other.total",
        )),
    )),
    ("appeals", gettext_noop("行政复议和行政诉讼（件）"), (
        (gettext_noop("行政复议"), ("t4.reconsideration.total",)),
        (gettext_noop("行政诉讼"), ("t4.litigation_direct.total", "t4.litigation_after.total")),
        (gettext_noop("被纠正"), ("t4.reconsideration.corrected", "t4.litigation_direct.corrected", "t4.litigation_after.corrected")),
    )),
)  # fmt: skip


def chart_series(
    top: Agency, years: Sequence[int]
) -> list[tuple[BarChart, list[tuple[int, list[int | None]]]]]:
    """The dashboard's charts over `years` from the subtree's sums, each with its figures as table rows."""
    sums = reports.figures_sums(top, years, name=top.name)
    charts = []
    for ident, title, series_spec in _CHARTS:
        series = []
        for name, cells in series_spec:
            values: list[int | None] = []
            for year in years:
                figures = [_int(sums[year].aggregate.report.cells[c]) for c in cells]
                given = [v for v in figures if v is not None]
                values.append(sum(given) if given else None)
            series.append(Series(gettext(name), tuple(values)))
        chart = BarChart(
            title=gettext(title), years=tuple(years), series=tuple(series), ident=f"chart-{ident}"
        )
        table = [(year, [s.values[i] for s in series]) for i, year in enumerate(years)]
        charts.append((chart, table))
    return charts
