"""Every read of annual reports: the figures the records give for a year, a version as a `Report`, the status of
an agency's report, the public listing, and the sums over a subtree the supervision pages show."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, QuerySet, Sum

from gongkai.core.cases import Role
from gongkai.core.disclosure import CHANNEL_LABELS, PublicationChannel
from gongkai.core.errors import ReportWorkflowError
from gongkai.core.report.aggregate import Aggregate, from_sums
from gongkai.core.report.drafting import DraftFacts
from gongkai.core.report.model import CellValue, Finding, Report, Severity
from gongkai.core.report.templates import TEMPLATE_2021, get_template
from gongkai.core.report.workflow import (
    Reminder,
    ReportAction,
    ReportStatus,
    ReportTransition,
    StatusView,
    VersionStatus,
    check_transition,
    next_actions,
    reminder,
    report_status,
    year_due,
    year_refusal,
)
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import user_roles
from gongkai.web.annualreports.codec import decode_cells, value_from_figure
from gongkai.web.annualreports.models import (
    FIGURE_FIELDS,
    AnnualReport,
    ReportFigures,
    ReportFile,
    ReportVersion,
)
from gongkai.web.appeals.selectors import table4_cells
from gongkai.web.applications.models import Channel
from gongkai.web.audit.models import AuditEvent
from gongkai.web.disclosure.selectors import table2_cells
from gongkai.web.facts.selectors import year_facts
from gongkai.web.reports.selectors import table3_report

__all__ = [
    "GOVERNMENT_LEVELS",
    "AgencyReminder",
    "YearFigures",
    "action_refusal",
    "agency_is_government",
    "agency_reminders",
    "decode_manual",
    "drafted_by",
    "effective_cells",
    "figures_bare_sums",
    "figures_sums",
    "newest_version",
    "office_agencies",
    "previous_report",
    "public_listing",
    "published_version",
    "published_versions",
    "records_cells",
    "records_facts",
    "reminder_recipients",
    "rendition_formats",
    "report_file",
    "report_for",
    "report_history",
    "report_original",
    "report_status_for",
    "subtree_reports",
    "user_actions",
    "user_reminders",
    "version_findings",
    "version_report",
    "version_revision",
]

TEMPLATE = TEMPLATE_2021.id
# Levels whose annual report is a people's government's own report (due by 31 March, Art. 49).
GOVERNMENT_LEVELS = frozenset({"province", "city", "county", "township"})


def agency_is_government(agency: Agency) -> bool:
    return agency.level in GOVERNMENT_LEVELS


# --- the records ------------------------------------------------------------------------------------------


def records_cells(*, agency: Agency, year: int) -> dict[str, CellValue]:
    """Every cell of the 2021 template as the records give it: table 三 from the applications, table 二 from the
    proactive-disclosure register and the yearly figures, table 四 from the appeals ledger (None where the
    records say nothing)."""
    spec = get_template(TEMPLATE)
    cells: dict[str, CellValue] = dict.fromkeys(spec.cell_ids)
    # Each source gives its own table only (table 三's Report holds every cell, the others blank).
    sources: list[tuple[str, Mapping[str, CellValue]]] = [
        ("t2.", table2_cells(agency=agency, year=year)),
        ("t3.", table3_report(agency, year).report.cells),
        ("t4.", table4_cells(agency=agency, year=year)),
    ]
    for prefix, source in sources:
        for cell_id, value in source.items():
            if cell_id.startswith(prefix) and spec.has_cell(cell_id):
                cells[cell_id] = value
    return cells


_NEW_MEDIA = (PublicationChannel.WEIBO, PublicationChannel.WECHAT)


def _channel_label(code: str, labels: Mapping[str, str]) -> str:
    return labels.get(code, code)


def records_facts(*, agency: Agency, year: int) -> DraftFacts:
    """The year's facts the narrative states, from the register, the facts ledger and the fee records."""
    facts = year_facts(agency=agency, year=year)
    publication = {c.value: label for c, label in CHANNEL_LABELS.items()}
    applications = {value: str(label) for value, label in Channel.choices}
    # The breakdown of the 微博 and 微信公众号 figure (other new media are not part of it).
    posts = [(c.value, facts.posts_by_channel.get(c.value, 0)) for c in _NEW_MEDIA]
    return DraftFacts(
        portal_items=facts.portal_items,
        new_media_posts=facts.new_media_posts,
        posts_by_channel={_channel_label(k, publication): n for k, n in posts if n},
        npc_suggestions_disclosed=facts.npc_suggestions_disclosed,
        cppcc_proposals_disclosed=facts.cppcc_proposals_disclosed,
        open_days=facts.open_days,
        press_conferences=facts.press_conferences,
        processing_fees_yuan=facts.processing_fees_yuan,
        applications_by_channel={
            _channel_label(k, applications): n
            for k, n in sorted(facts.applications_by_channel.items(), key=lambda kv: -kv[1])
            if n
        },
    )


# --- reports and versions ---------------------------------------------------------------------------------


def report_for(agency: Agency, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(agency=agency, year=year, external=False).first()


def newest_version(report: AnnualReport) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


def published_version(report: AnnualReport) -> ReportVersion | None:
    """The version the public reads: the newest published one."""
    return report.versions.filter(status=VersionStatus.PUBLISHED.value).order_by("-number").first()


def published_versions(report: AnnualReport) -> list[ReportVersion]:
    """Every version ever published, newest first (corrections keep the earlier ones visible)."""
    published = [VersionStatus.PUBLISHED.value, VersionStatus.SUPERSEDED.value]
    return list(report.versions.filter(status__in=published).order_by("-number"))


def effective_cells(version: ReportVersion) -> dict[str, CellValue]:
    """The records' cells with the officer's entries where the records give nothing."""
    template = version.report.template
    cells = decode_cells(template, version.record_cells)
    for cell_id, value in decode_cells(template, version.manual_cells).items():
        if cells.get(cell_id) is None:
            cells[cell_id] = value
    return cells


def decode_manual(version: ReportVersion) -> dict[str, CellValue]:
    return decode_cells(version.report.template, version.manual_cells)


def version_revision(version: ReportVersion) -> str:
    """A digest of a version's content (the tables as taken from the records, the figures entered by hand, the
    narrative). A page sends back the one it showed: an edit form opened before someone else saved the draft
    cannot silently overwrite it, and an approver approves only what they read."""
    content = {"records": version.record_cells, "manual": version.manual_cells, "sections": version.sections}
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:32]


# The audit events that make a user an author of a version: who wrote it cannot also approve it.
_AUTHORING = ("annual_report.create", "annual_report.correct", "annual_report.edit")


def drafted_by(version: ReportVersion, user: User | AnonymousUser) -> bool:
    """Whether `user` drafted the version: created it (or the correction) or saved its text or figures."""
    if not isinstance(user, User):
        return False
    if version.created_by_id == user.pk:
        return True
    return AuditEvent.objects.filter(
        object_type=ReportVersion._meta.label_lower,
        object_id=str(version.pk),
        action__in=_AUTHORING,
        actor=user,
    ).exists()


def version_findings(version: ReportVersion) -> tuple[Finding, ...]:
    """The stored findings of the last check as `Finding` values (where the cells were read is not kept)."""
    return tuple(
        Finding(
            code=f["code"],
            severity=Severity(f["severity"]),
            message=f["message"],
            cells=tuple(f.get("cells", ())),
            expected=f.get("expected"),
            actual=f.get("actual"),
        )
        for f in version.findings
    )


def version_report(version: ReportVersion) -> Report:
    report = version.report
    sections = {key: tuple(paragraphs) for key, paragraphs in version.sections.items()}
    return Report(
        template=report.template,
        agency=report.subject,
        year=report.year,
        cells=effective_cells(version),
        sections=sections,
    )


def previous_report(report: AnnualReport) -> Report | None:
    """Last year's published report of the same agency (platform or imported), the `previous` of the rules."""
    earlier = AnnualReport.objects.filter(
        agency_id=report.agency_id, year=report.year - 1, external=report.external
    )
    if report.external:
        earlier = earlier.filter(subject=report.subject)
    found = earlier.first()
    if found is None:
        return None
    version = published_version(found)
    return version_report(version) if version is not None else None


def report_history(report: AnnualReport) -> QuerySet[AuditEvent]:
    """The audit events of every version of the report, newest first."""
    ids = [str(pk) for pk in report.versions.values_list("pk", flat=True)]
    return (
        AuditEvent.objects.filter(object_type=ReportVersion._meta.label_lower, object_id__in=ids)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def report_original(version: ReportVersion) -> ReportFile | None:
    """The file an imported report was read from."""
    return ReportFile.objects.filter(version=version, kind=ReportFile.Kind.ORIGINAL).first()


def report_file(version: ReportVersion, fmt: str, kind: str = ReportFile.Kind.RENDITION) -> ReportFile | None:
    return ReportFile.objects.filter(version=version, kind=kind, fmt=fmt).first()


def rendition_formats(version: ReportVersion) -> set[str]:
    """The formats the version was rendered in when it was published (none for some imported reports)."""
    kept = ReportFile.objects.filter(version=version, kind=ReportFile.Kind.RENDITION)
    return set(kept.values_list("fmt", flat=True))


# --- status and who may do what -----------------------------------------------------------------------------


def report_status_for(
    agency: Agency, year: int, report: AnnualReport | None, *, today: dt.date
) -> StatusView:
    view = report_status(
        year=year,
        today=today,
        newest=VersionStatus(report.newest_status) if report is not None else None,
        published_on=report.first_published_on if report is not None else None,
        government=agency_is_government(agency),
        first_year=agency.reports_from,
    )
    if (
        report is not None
        and report.source == AnnualReport.Source.IMPORTED
        and not report.published_on_stated
    ):
        # A report a supervisor imported was published elsewhere on a day the platform does not know: the import
        # date says nothing about lateness. (An agency importing its own states the day.)
        view = replace(view, published_late=False)
    return view


def user_actions(
    user: User | AnonymousUser, agency: Agency, year: int, report: AnnualReport | None, *, today: dt.date
) -> tuple[ReportTransition, ...]:
    """The actions the user may take on the agency's report for `year` now: none the year rules out (a draft of
    a year not ended or of a 2019-format year, an import of a year not ended)."""
    version = newest_version(report) if report is not None else None
    steps = next_actions(
        VersionStatus(version.status) if version is not None else None,
        roles=user_roles(user, agency),
        has_published=report is not None and report.first_published_on is not None,
        year=year,
        today=today,
    )
    if (
        version is not None
        and any(s.action is ReportAction.APPROVE for s in steps)
        and drafted_by(version, user)
    ):
        # An approver who also drafted this version may not approve it (another approver must).
        steps = tuple(s for s in steps if s.action is not ReportAction.APPROVE)
    return steps


def action_refusal(
    user: User | AnonymousUser,
    agency: Agency,
    year: int,
    report: AnnualReport | None,
    action: ReportAction,
    *,
    today: dt.date,
) -> str | None:
    """Why the user cannot take `action` on the agency's report for `year` now (Chinese, the services' own
    reason), or None: a page with a form for an action (edit, return, correct, import) is not offered for
    nothing."""
    refusal = year_refusal(action, year, today=today)
    if refusal is not None:
        return refusal
    version = newest_version(report) if report is not None else None
    try:
        check_transition(
            VersionStatus(version.status) if version is not None else None,
            action,
            roles=user_roles(user, agency),
            has_published=report is not None and report.first_published_on is not None,
        )
    except ReportWorkflowError as error:
        return str(error)
    return None


@dataclass(frozen=True)
class AgencyReminder:
    agency: Agency
    reminder: Reminder
    # Where the report stands (not started, draft, …): the banner says it in the page's language.
    stage: ReportStatus | None = None

    @property
    def days_overdue(self) -> int:
        return max(0, -self.reminder.days_left)


def agency_reminders(
    *, year: int, today: dt.date, top: Agency | None = None, window_days: int = 30
) -> list[AgencyReminder]:
    """Every agency (of `top`'s subtree, or all) whose report for `year` is not published and is inside the
    reminder window or overdue, in tree order."""
    agencies = Agency.objects.order_by("path")
    if top is not None:
        agencies = agencies.filter(path__startswith=top.path)
    return _reminders(list(agencies), year=year, today=today, window_days=window_days)


def _reminders(
    agencies: list[Agency], *, year: int, today: dt.date, window_days: int
) -> list[AgencyReminder]:
    reports = {
        r.agency_id: r for r in AnnualReport.objects.filter(agency__in=agencies, year=year, external=False)
    }
    found: list[AgencyReminder] = []
    for agency in agencies:
        view = report_status_for(agency, year, reports.get(agency.pk), today=today)
        note = reminder(view, today=today, window_days=window_days)
        if note is not None:
            found.append(AgencyReminder(agency, note, view.stage))
    return found


def user_reminders(user: User | AnonymousUser, *, today: dt.date) -> list[AgencyReminder]:
    """The deadline reminders for the reports the user works on (the year due: last year's)."""
    return _reminders(list(office_agencies(user)), year=year_due(today), today=today, window_days=30)


def reminder_recipients(agency: Agency) -> list[str]:
    """The e-mail addresses of the agency's officers and approvers."""
    roles = [Role.OFFICER.value, Role.APPROVER.value]
    users = User.objects.filter(
        memberships__agency=agency, memberships__active=True, memberships__role__in=roles, is_active=True
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def office_agencies(user: User | AnonymousUser) -> QuerySet[Agency]:
    """Agencies whose annual report the user works on (officers and approvers)."""
    if not isinstance(user, User):
        return Agency.objects.none()
    roles = [Role.OFFICER.value, Role.APPROVER.value]
    return (
        Agency.objects.filter(memberships__user=user, memberships__active=True, memberships__role__in=roles)
        .distinct()
        .order_by("path")
    )


def public_listing() -> list[tuple[Agency, list[int]]]:
    """Every agency with a published report of its own, in tree order, with the years of those reports, newest
    first: two queries however many agencies there are."""
    published = AnnualReport.objects.filter(external=False, first_published_on__isnull=False)
    years: dict[int, list[int]] = {}
    for agency_id, year in published.order_by("agency_id", "-year").values_list("agency_id", "year"):
        years.setdefault(agency_id, []).append(year)
    agencies = Agency.objects.filter(id__in=published.values("agency_id")).order_by("path")
    return [(agency, years[agency.pk]) for agency in agencies if agency.pk in years]


# --- sums over a subtree ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    year: int
    aggregate: Aggregate


def _figures(top: Agency, years: Sequence[int]) -> QuerySet[ReportFigures]:
    return ReportFigures.objects.filter(current=True, year__in=list(years), agency__path__startswith=top.path)


def figures_sums(top: Agency, years: Iterable[int], *, name: str) -> dict[int, YearFigures]:
    """The sum of the current published reports of every agency in `top`'s subtree (imported ones included),
    per year: one aggregate query (a SUM and a COUNT per column), turned into `Aggregate` values by the core's
    `from_sums` (blank cells are not zeros)."""
    years = sorted(set(years))
    aggregates: dict[str, Any] = {"n": Count("pk")}
    for field in FIGURE_FIELDS.values():
        aggregates[f"s_{field}"] = Sum(field)
        aggregates[f"g_{field}"] = Count(field)
    grouped: Any = _figures(top, years).values("year").annotate(**aggregates).order_by()
    rows = {row["year"]: row for row in grouped}
    result: dict[int, YearFigures] = {}
    for year in years:
        row = rows.get(year)
        sums: dict[str, CellValue] = {}
        given: dict[str, int] = {}
        if row is not None:
            for cell_id, field in FIGURE_FIELDS.items():
                sums[cell_id] = value_from_figure(cell_id, row[f"s_{field}"])
                given[cell_id] = row[f"g_{field}"]
        result[year] = YearFigures(
            year,
            from_sums(
                template=TEMPLATE,
                agency=name,
                year=year,
                count=row["n"] if row else 0,
                sums=sums,
                given=given,
            ),
        )
    return result


def figures_bare_sums(top: Agency, years: Iterable[int]) -> list[tuple[Any, ...]]:
    """The bare SQL the sums rest on: SUM of every figures column per year (the benchmark's baseline)."""
    fields = list(FIGURE_FIELDS.values())
    rows = (
        _figures(top, sorted(set(years)))
        .values("year")
        .annotate(**{f"s_{f}": Sum(f) for f in fields})
        .order_by()
        .values_list("year", *[f"s_{f}" for f in fields])
    )
    return list(rows)


def subtree_reports(top: Agency, year: int) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(agency__path__startswith=top.path, year=year).select_related("agency")
