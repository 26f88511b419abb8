"""The annual report in the office (draft → check → approve → publish → correct) and on the public portal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import GongkaiError
from gongkai.core.report import io
from gongkai.core.report.diff import diff
from gongkai.core.report.workflow import (
    FIRST_DRAFT_YEAR,
    ReportAction,
    ReportTransition,
    year_due,
    year_refusal,
)
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import (
    Access,
    agency_by_code,
    agency_chain,
    supervised_agencies,
    user_access,
)
from gongkai.web.annualreports import open_data, selectors, services
from gongkai.web.annualreports.forms import ImportPublishedForm, NarrativeForm, NoteForm
from gongkai.web.annualreports.models import AnnualReport, ReportVersion
from gongkai.web.common.clock import today
from gongkai.web.common.downloads import (
    REPORT_PAGE_POLICY,
    REPORT_TYPES,
    open_data_response,
    report_file_response,
)
from gongkai.web.common.ratelimit import rate_limited, too_many_requests

# The years the office lists: the 2021 format's first year up to last year. A report's page is open from 2019 (the
# 2019 trial format's first year: such a report can be imported, not drafted) to this year (nothing offered).
FIRST_YEAR = FIRST_DRAFT_YEAR
FIRST_PAGE_YEAR = 2019
# The name, in a public file's address, of the file an imported report was read from.
ORIGINAL = "original"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@dataclass(frozen=True)
class _Target:
    agency: Agency
    access: Access
    year: int
    report: AnnualReport | None
    version: ReportVersion | None


def _target(request: HttpRequest, code: str, year: int) -> _Target:
    """The agency and year asked for, if the user may see its report (404 otherwise: no hint it exists)."""
    agency = agency_by_code(code)
    if agency is None or not FIRST_PAGE_YEAR <= year <= today().year:
        raise Http404
    access = user_access(request.user, agency)
    if not access.can_see:
        raise Http404
    report = selectors.report_for(agency, year)
    version = selectors.newest_version(report) if report is not None else None
    return _Target(agency, access, year, report, version)


def _years() -> list[int]:
    return list(range(year_due(today()), FIRST_YEAR - 1, -1))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    agencies = list(selectors.office_agencies(request.user))
    if not agencies:
        if supervised_agencies(request.user).exists():
            return redirect("supervision:dashboard")  # a supervisor reads the reports there
        raise Http404
    years = _years()
    reports = {
        (r.agency_id, r.year): r
        for r in AnnualReport.objects.filter(agency__in=agencies, year__in=years, external=False)
    }
    rows = [
        (
            agency,
            [
                (
                    year,
                    selectors.report_status_for(agency, year, reports.get((agency.pk, year)), today=today()),
                )
                for year in years
            ],
        )
        for agency in agencies
    ]
    return render(request, "annualreports/index.html", {"rows": rows, "years": years})


# Actions taken on a page of their own (a form to fill in); the others are one POST button each.
_PAGE_ACTIONS = frozenset({ReportAction.EDIT, ReportAction.RETURN, ReportAction.CORRECT, ReportAction.IMPORT})


@dataclass(frozen=True)
class _Button:
    action: str
    label: str
    url: str
    page: bool


def _buttons(target: _Target, steps: Sequence[ReportTransition]) -> list[_Button]:
    kwargs = {"code": target.agency.code, "year": target.year}
    return [
        _Button(step.action.value, step.label, reverse(f"annualreports:{step.action.value}", kwargs=kwargs),
                step.action in _PAGE_ACTIONS)
        for step in steps
    ]  # fmt: skip


@login_required
def detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    target = _target(request, code, year)
    context: dict[str, Any] = {
        "agency": target.agency,
        "year": year,
        "report": target.report,
        "version": target.version,
        "status": selectors.report_status_for(target.agency, year, target.report, today=today()),
        "actions": _buttons(
            target, selectors.user_actions(request.user, target.agency, year, target.report, today=today())
        ),
        "read_only": not target.access.sees_personal_data,
        # Why no report can be drafted for this year (`year_refusal`), said instead of offering the button.
        "cannot_create": year_refusal(ReportAction.CREATE, year, today=today()) is not None,
        "year_open": year >= today().year,
    }
    if target.version is not None and target.report is not None:
        version = target.version
        context.update(
            {
                "value": selectors.version_report(version),
                "manual": list(version.manual_cells),
                "findings": version.findings,
                "versions": list(target.report.versions.order_by("-number")),
                "history": list(selectors.report_history(target.report)[:100]),
                "published": selectors.published_version(target.report),
                "revision": selectors.version_revision(version),
            }
        )
    return render(request, "annualreports/detail.html", context)


def _back(target: _Target) -> HttpResponse:
    return redirect("annualreports:detail", code=target.agency.code, year=target.year)


def _refused(request: HttpRequest, target: _Target, action: ReportAction) -> HttpResponse | None:
    """Back to the report, saying why, when the page of an action that cannot be taken is opened (a bookmark,
    the back button, another tab): its form could never be saved. A form sent is left to the service, so that
    what was typed stays on the page with the reason."""
    if request.method == "POST":
        return None
    refusal = selectors.action_refusal(
        request.user, target.agency, target.year, target.report, action, today=today()
    )
    if refusal is None:
        return None
    messages.error(request, refusal)
    return _back(target)


def _act(request: HttpRequest, target: _Target, perform: Callable[[], object], done: str) -> HttpResponse:
    try:
        perform()
    except GongkaiError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return _back(target)


@login_required
@require_POST
def create(request: HttpRequest, code: str, year: int) -> HttpResponse:
    target = _target(request, code, year)
    return _act(
        request,
        target,
        lambda: services.report_create(agency=target.agency, year=year, by=_user(request), today=today()),
        _("已由办理记录生成%(year)s年度报告草稿，请修改文字部分后校验。") % {"year": year},
    )


def _version(target: _Target) -> ReportVersion:
    if target.version is None:
        raise Http404
    return target.version


@login_required
@require_POST
def refresh(request: HttpRequest, code: str, year: int) -> HttpResponse:
    target = _target(request, code, year)
    version = _version(target)
    try:
        _version_after, changed = services.report_refresh(version=version, by=_user(request))
    except GongkaiError as error:
        messages.error(request, str(error))
    else:
        if changed:
            messages.success(
                request, _("已按最新记录重新取数，%(n)s个单元格发生变化。") % {"n": len(changed)}
            )
        else:
            messages.success(request, _("已按最新记录重新取数，数据没有变化。"))
    return _back(target)


@login_required
def edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    target = _target(request, code, year)
    version = _version(target)
    refused = _refused(request, target, ReportAction.EDIT)
    if refused is not None:
        return refused
    value = selectors.version_report(version)
    form = NarrativeForm(
        request.POST or None,
        template=value.template,
        sections=value.sections,
        editable=services.editable_cells(version),
        manual=selectors.decode_manual(version),
        revision=selectors.version_revision(version),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_edit(
                version=version, by=_user(request), sections=form.sections(), manual=form.manual(),
                based_on=form.cleaned_data["revision"] or None,
            )  # fmt: skip
        except GongkaiError as error:
            if error.context.get("field") == "revision":
                # What was typed stays; sent again (after comparing), it is saved over the newer draft.
                form = form.rebased(selectors.version_revision(version))
            form.add_error(None, str(error))
        else:
            messages.success(request, _("草稿已保存。"))
            return _back(target)
    return render(
        request,
        "annualreports/edit.html",
        {"agency": target.agency, "year": year, "form": form, "version": version},
    )


@login_required
@require_POST
def check(request: HttpRequest, code: str, year: int) -> HttpResponse:
    target = _target(request, code, year)
    version = _version(target)
    try:
        result = services.report_check(version=version, by=_user(request))
    except GongkaiError as error:
        messages.error(request, str(error))
    else:
        if result.passed:
            messages.success(request, _("校验通过，可以提交负责人审批。"))
        else:
            messages.error(
                request,
                _("校验未通过：有%(n)s个错误，已在表格和问题清单中标出，请修改后再校验。")
                % {"n": len(result.blocking)},
            )
    return _back(target)


@login_required
@require_POST
def approve(request: HttpRequest, code: str, year: int) -> HttpResponse:
    target = _target(request, code, year)
    version = _version(target)
    return _act(
        request,
        target,
        lambda: services.report_approve(
            version=version, by=_user(request), on=today(), based_on=request.POST.get("revision") or None
        ),
        _("已审批同意，可以发布。"),
    )


@login_required
@require_POST
def publish(request: HttpRequest, code: str, year: int) -> HttpResponse:
    target = _target(request, code, year)
    version = _version(target)
    return _act(
        request,
        target,
        lambda: services.report_publish(version=version, by=_user(request), on=today()),
        _("年度报告已发布到门户网站，发布后不能再修改；如需更正，请形成新版本。"),
    )


@login_required
@require_POST
def discard(request: HttpRequest, code: str, year: int) -> HttpResponse:
    target = _target(request, code, year)
    version = _version(target)
    return _act(
        request,
        target,
        lambda: services.report_discard(version=version, by=_user(request)),
        _("已放弃本次更正，公开的仍是原发布版本。"),
    )


def _note_page(
    request: HttpRequest, code: str, year: int, *, action: ReportAction, label: str, intro: str,
    perform: Callable[[_Target, str], object], done: str,
) -> HttpResponse:  # fmt: skip
    target = _target(request, code, year)
    _version(target)
    refused = _refused(request, target, action)
    if refused is not None:
        return refused
    form = NoteForm(request.POST or None, label=label)
    if request.method == "POST" and form.is_valid():
        try:
            perform(target, form.cleaned_data["note"])
        except GongkaiError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return _back(target)
    return render(
        request,
        "annualreports/note.html",
        {
            "agency": target.agency,
            "year": year,
            "form": form,
            "action": action.value,
            "intro": intro,
            "title": label,
        },
    )


@login_required
def return_(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _note_page(
        request, code, year, action=ReportAction.RETURN, label=_("退回理由"),
        intro=_("退回后报告回到草稿状态，由承办人修改后重新校验。"),
        perform=lambda t, note: services.report_return(version=_version(t), by=_user(request), note=note),
        done=_("已退回承办人修改。"),
    )  # fmt: skip


@login_required
def correct(request: HttpRequest, code: str, year: int) -> HttpResponse:
    def perform(target: _Target, note: str) -> object:
        if target.report is None:
            raise Http404
        return services.report_correct(report=target.report, by=_user(request), note=note)

    return _note_page(
        request, code, year, action=ReportAction.CORRECT, label=_("更正原因和内容"),
        intro=_("已发布的报告不能修改。更正将形成新版本，经校验、审批后发布；原版本继续公开，并注明已被更正。"),
        perform=perform, done=_("已形成更正版本（草稿），请修改后校验。"),
    )  # fmt: skip


@login_required
def import_(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """An earlier report the agency published before it used the platform, read from its file."""
    target = _target(request, code, year)
    refusal = year_refusal(ReportAction.IMPORT, year, today=today())
    if refusal is not None:
        messages.error(request, refusal)
        return _back(target)
    refused = _refused(request, target, ReportAction.IMPORT)
    if refused is not None:
        return refused
    form = ImportPublishedForm(request.POST or None, request.FILES or None, year=year, today=today())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            parsed = io.parse_bytes(content, name=upload.name)
            version = services.report_import_own(
                agency=target.agency, year=year, parsed=parsed, name=upload.name, content=content,
                published_on=form.cleaned_data["published_on"], by=_user(request), today=today(),
            )  # fmt: skip
        except GongkaiError as error:
            # The publication date is checked by the form; what the service refuses is about the file.
            form.add_error(
                "published_on" if error.context.get("field") == "published_on" else "file", str(error)
            )
        else:
            if version.error_count:
                messages.warning(
                    request,
                    _(
                        "已导入%(year)s年度报告，校验发现%(n)s个错误：已发布的报告不能修改，如需更正请使用“更正”。"
                    )
                    % {"year": year, "n": version.error_count},
                )
            else:
                messages.success(request, _("已导入%(year)s年度报告。") % {"year": year})
            return _back(target)
    return render(request, "annualreports/import.html", {"agency": target.agency, "year": year, "form": form})


@login_required
def preview(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The newest version as the standalone HTML page, with the findings listed (for reading before approval)."""
    target = _target(request, code, year)
    version = _version(target)
    value = selectors.version_report(version)
    findings = selectors.version_findings(version)
    response = HttpResponse(io.render(value, "html", findings=findings), content_type=REPORT_TYPES["html"])
    response["Content-Security-Policy"] = REPORT_PAGE_POLICY
    return response


# --- public --------------------------------------------------------------------------------------------------


def public_index(request: HttpRequest) -> HttpResponse:
    rows = selectors.public_listing()
    return render(request, "annualreports/public_index.html", {"rows": rows})


def public_data(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """Every published report's cells in one file (`open_data`), JSON or CSV, streamed."""
    if fmt not in {"json", "csv"}:
        raise Http404
    if rate_limited(request, "open_data"):
        return too_many_requests(request, "open_data")
    reports = open_data.open_reports()
    if fmt == "csv":
        chunks = open_data.csv_chunks(reports)
        return open_data_response(
            chunks, content_type="text/csv; charset=utf-8", filename="gongkai-annual-reports.csv"
        )

    def links(report: open_data.OpenReport) -> dict[str, str]:
        page = reverse("annual_reports_public:report", args=[report.agency_code, report.year])
        own = reverse(
            "annual_reports_public:file", args=[report.agency_code, report.year, report.version, "json"]
        )
        return {"page": request.build_absolute_uri(page), "json": request.build_absolute_uri(own)}

    chunks = open_data.json_chunks(reports, count=open_data.open_reports_count(), links=links, today=today())
    return open_data_response(
        chunks, content_type="application/json; charset=utf-8", filename="gongkai-annual-reports.json"
    )


def _public_report(code: str, year: int) -> AnnualReport:
    agency = agency_by_code(code)
    if agency is None:
        raise Http404
    report = selectors.report_for(agency, year)
    if report is None or report.first_published_on is None:
        raise Http404
    return report


def public_report(request: HttpRequest, code: str, year: int, number: int | None = None) -> HttpResponse:
    report = _public_report(code, year)
    versions = selectors.published_versions(report)
    wanted = versions[0].number if number is None else number
    version = next((v for v in versions if v.number == wanted), None)
    if version is None:
        raise Http404
    value = selectors.version_report(version)
    earlier = next((v for v in versions if v.number < version.number), None)
    changes = diff(selectors.version_report(earlier), value) if earlier is not None else None
    rendered = selectors.rendition_formats(version)
    return render(
        request,
        "annualreports/public_report.html",
        {
            "agency": report.agency,
            "chain": agency_chain(report.agency),
            "report": report,
            "version": version,
            "value": value,
            "versions": versions,
            "current": versions[0],
            "earlier": earlier,
            "changes": changes,
            "formats": [f for f in services.PUBLISHED_FORMATS if f in rendered],
            "original": selectors.report_original(version),
        },
    )


def public_file(request: HttpRequest, code: str, year: int, number: int, fmt: str) -> HttpResponse:
    report = _public_report(code, year)
    version = next((v for v in selectors.published_versions(report) if v.number == number), None)
    if version is None:
        raise Http404
    if fmt == ORIGINAL:
        stored = selectors.report_original(version)
    else:
        stored = selectors.report_file(version, fmt) if fmt in services.PUBLISHED_FORMATS else None
    if stored is None:
        raise Http404
    return report_file_response(bytes(stored.content), fmt=stored.fmt, name=stored.name)


def public_url(report: AnnualReport) -> str:
    return reverse("annual_reports_public:report", kwargs={"code": report.agency.code, "year": report.year})
