"""Upload legacy cases: a dry run lists every row error; the real import writes all rows or none."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.core.cases import Role
from gongkai.web.agencies.selectors import handled_agencies, user_roles
from gongkai.web.imports.forms import ImportForm
from gongkai.web.imports.services import COLUMNS, import_cases, read_table


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    agencies = [a for a in handled_agencies(user).order_by("path") if Role.OFFICER in user_roles(user, a)]
    if not agencies:
        raise Http404
    choices = [(a.pk, a.name) for a in agencies]
    context: dict[str, Any] = {"columns": COLUMNS}
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
                context["result"] = import_cases(
                    agency=agency, by=user, rows=rows, dry_run=form.cleaned_data["dry_run"]
                )
    else:
        form = ImportForm(agencies=choices)
    context["form"] = form
    return render(request, "imports/upload.html", context)
