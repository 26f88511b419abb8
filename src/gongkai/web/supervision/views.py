"""The supervisor's pages: the subtree dashboard (statuses, findings, sums, charts), imported reports, imports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from gongkai.core.errors import GongkaiError
from gongkai.core.report import io
from gongkai.core.report.workflow import year_due
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agency_by_code, supervised_agencies
from gongkai.web.annualreports import selectors as reports
from gongkai.web.common.clock import today
from gongkai.web.common.downloads import report_file_response
from gongkai.web.common.params import year_param
from gongkai.web.supervision import selectors, services
from gongkai.web.supervision.charts import bar_chart
from gongkai.web.supervision.forms import ImportForm
from gongkai.web.supervision.models import ImportBatch

AGGREGATE_FORMATS = ("xlsx", "docx", "pdf", "html", "json", "txt")
CHART_YEARS = 5


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _scope(request: HttpRequest) -> tuple[Agency, list[Agency]]:
    """The agency at the top of the subtree shown (any agency the user supervises; default their top one)."""
    tops = selectors.supervised_tops(request.user)
    if not tops:
        raise Http404
    wanted = request.GET.get("agency", "")
    top = tops[0]
    if wanted:
        found = agency_by_code(wanted)
        if found is None or not selectors.supervises(request.user, found):
            raise Http404
        top = found
    return top, tops


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    due = year_due(today())
    return year_param(raw, last=today().year) or due


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    top, tops = _scope(request)
    year = _year(request)
    rows = selectors.subtree_rows(top, year, today=today())
    years = list(range(year - CHART_YEARS + 1, year + 1))
    sums = reports.figures_sums(top, years, name=_("%(name)s（汇总）") % {"name": top.name})
    total = sums[year].aggregate
    findings = [f.to_dict() for f in selectors.totals_findings(top, year, total)]
    charts = [
        (mark_safe(bar_chart(chart)), chart, table) for chart, table in selectors.chart_series(top, years)
    ]
    context: dict[str, Any] = {
        "top": top,
        "tops": tops,
        "choices": list(supervised_agencies(request.user).order_by("path")),
        "year": year,
        "years": list(range(year_due(today()), 2018, -1)),
        "rows": rows,
        "counts": selectors.status_counts(rows),
        "external": selectors.external_rows(top, year),
        "total": total,
        "findings": findings,
        "charts": charts,
        "formats": AGGREGATE_FORMATS,
        "batches": selectors.recent_batches(top),
    }
    return render(request, "supervision/dashboard.html", context)


@login_required
def aggregate_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    top = agency_by_code(code)
    if top is None or fmt not in AGGREGATE_FORMATS or not selectors.supervises(request.user, top):
        raise Http404
    name = _("%(name)s（汇总）") % {"name": top.name}
    total = reports.figures_sums(top, [year], name=name)[year].aggregate
    findings = selectors.totals_findings(top, year, total)
    content = io.render(total.report, fmt, findings=findings, font=settings.GONGKAI_CJK_FONT)
    return report_file_response(
        content, fmt=fmt, name=f"{name}{year}年政府信息公开工作年度报告数据汇总.{fmt}"
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report in the subtree read-only: platform reports on their own page, imported ones here."""
    report = selectors.annual_report_in_scope(request.user, pk)
    if report is None:
        raise Http404
    if report.source == report.Source.PLATFORM:
        return redirect("annualreports:detail", code=report.agency.code, year=report.year)
    version = reports.newest_version(report)
    if version is None:
        raise Http404
    original = reports.report_original(version)
    return render(
        request,
        "supervision/report.html",
        {
            "report": report,
            "version": version,
            "value": reports.version_report(version),
            "findings": version.findings,
            "original": original,
        },
    )


@login_required
def original_file(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.annual_report_in_scope(request.user, pk)
    version = reports.newest_version(report) if report is not None else None
    stored = reports.report_original(version) if version is not None else None
    if stored is None:
        raise Http404
    return report_file_response(bytes(stored.content), fmt=stored.fmt, name=stored.name)


@login_required
def import_reports(request: HttpRequest) -> HttpResponse:
    top, _tops = _scope(request)
    agencies = list(supervised_agencies(request.user).order_by("path").values_list("pk", "name"))
    form = ImportForm(
        request.POST or None, request.FILES or None, agencies=agencies, initial={"under": top.pk}
    )
    if request.method == "POST" and form.is_valid():
        under = Agency.objects.get(pk=int(form.cleaned_data["under"]))
        files = [(upload.name or "report", upload.read()) for upload in form.cleaned_data["reports"]]
        try:
            batch = services.import_batch(under=under, files=files, by=_user(request), on=today())
        except GongkaiError as error:
            form.add_error(None, str(error))
        else:
            if batch.failed:
                messages.error(
                    request,
                    _("导入%(ok)s个文件，%(failed)s个文件未能导入。")
                    % {"ok": batch.imported, "failed": batch.failed},
                )
            else:
                messages.success(request, _("已导入%(ok)s个文件。") % {"ok": batch.imported})
            return redirect("supervision:batch", pk=batch.pk)
    return render(request, "supervision/import.html", {"form": form, "top": top})


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    found: ImportBatch | None = selectors.batch_for(request.user, pk)
    if found is None:
        raise Http404
    return render(request, "supervision/batch.html", {"batch": found})
