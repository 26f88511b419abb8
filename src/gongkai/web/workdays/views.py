"""The working-day calendar page (system administrators): the years in force, next year's state, and loading
a newly published year from the text of its notice — read, previewed with the deadlines it would move, then
loaded."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.core.errors import GongkaiError
from gongkai.core.workdays import read_notice
from gongkai.web.common.clock import today
from gongkai.web.workdays import selectors, services
from gongkai.web.workdays.forms import NoticeForm


def _administrator(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_superuser:
        raise Http404
    return user


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    user = _administrator(request)
    form = NoticeForm()
    preview = None
    if request.method == "POST":
        form = NoticeForm(request.POST)
        if form.is_valid():
            text, replace = form.cleaned_data["text"], form.cleaned_data["replace"]
            try:
                if request.POST.get("step") == "load":
                    result = services.calendar_year_load(
                        text=text,
                        by=user,
                        replace=replace,
                        accept_incomplete=form.cleaned_data["incomplete"],
                    )
                else:
                    preview = selectors.notice_preview(read_notice(text))
            except GongkaiError as error:
                form.add_error("text", str(error))
            else:
                if preview is None:
                    messages.success(
                        request,
                        _(
                            "已载入%(year)s年的节假日安排；%(cases)s件案件、%(items)s条主动公开信息的期限已重新计算。"
                        )
                        % {
                            "year": result.year,
                            "cases": len(result.cases_moved),
                            "items": result.items_moved,
                        },
                    )
                    return redirect("workdays:calendar")
    status = selectors.calendar_status(on=today(), user=user)
    return render(request, "workdays/calendar.html", {"status": status, "form": form, "preview": preview})
