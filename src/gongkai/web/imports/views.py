"""Upload legacy cases: the import runs in the background and its page shows the progress, then the result (a dry
run lists every row error; the real import writes all rows or none)."""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.core.cases import Role
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agencies_with_role
from gongkai.web.imports.forms import ImportForm
from gongkai.web.imports.selectors import JobView, import_job_for, recent_import_jobs
from gongkai.web.imports.services import COLUMNS, import_job_create, read_table
from gongkai.web.imports.workbook import case_import_workbook


def _officer_agencies(request: HttpRequest) -> list[Agency]:
    """The agencies the user may import cases into (as a case officer); 404 for anyone else."""
    user = request.user
    assert isinstance(user, User)
    agencies = list(agencies_with_role(user, Role.OFFICER))
    if not agencies:
        raise Http404
    return agencies


@login_required
def template(request: HttpRequest) -> FileResponse:
    _officer_agencies(request)
    return FileResponse(io.BytesIO(case_import_workbook()), as_attachment=True, filename="案件导入模板.xlsx")


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    agencies = _officer_agencies(request)
    choices = [(a.pk, a.name) for a in agencies]
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, agencies=choices)
        if form.is_valid():
            agency = next(a for a in agencies if str(a.pk) == form.cleaned_data["agency"])
            upload_file = form.cleaned_data["file"]
            try:
                rows = read_table(upload_file.read(), upload_file.name or "")
            except ValidationError as error:
                form.add_error("file", error)
            else:
                job = import_job_create(
                    agency=agency,
                    by=user,
                    filename=upload_file.name or "",
                    rows=rows,
                    dry_run=form.cleaned_data["dry_run"],
                    skipped=rows.skipped,
                )
                return redirect("imports:job", pk=job.pk)
    else:
        form = ImportForm(agencies=choices)
    context: dict[str, Any] = {"columns": COLUMNS, "form": form, "jobs": recent_import_jobs(user)}
    return render(request, "imports/upload.html", context)


def _job_or_404(request: HttpRequest, pk: uuid.UUID) -> JobView:
    view = import_job_for(request.user, pk)
    if view is None:
        raise Http404
    return view


def _progress_text(view: JobView) -> str:
    progress = view.progress
    if view.finished:
        return _("已完成")
    if progress is None or progress.stage == "waiting":
        return _("排队等待中……")
    if progress.stage == "checking":
        return _("正在检查%(total)s行……") % {"total": progress.total}
    if view.job.dry_run:
        return _("正在试写入：%(done)s/%(total)s行") % {"done": progress.done, "total": progress.total}
    return _("正在写入：%(done)s/%(total)s行") % {"done": progress.done, "total": progress.total}


@login_required
def job(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    view = _job_or_404(request, pk)
    context = {"view": view, "job": view.job, "progress_text": _progress_text(view)}
    return render(request, "imports/job.html", context)


@login_required
def job_progress(request: HttpRequest, pk: uuid.UUID) -> JsonResponse:
    """What the job page's script polls while the import runs."""
    view = _job_or_404(request, pk)
    progress = view.progress
    if view.finished:
        stage, done = "finished", view.job.imported
    elif progress is None:
        stage, done = "waiting", 0
    else:
        stage, done = progress.stage, progress.done
    return JsonResponse(
        {
            "finished": view.finished,
            "stage": stage,
            "done": done,
            "total": view.job.rows,
            "text": _progress_text(view),
        }
    )
