from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from gongkai.web.notices.defaults import TEMPLATE_VARIABLES
from gongkai.web.notices.models import NoticeTemplate
from gongkai.web.notices.services import template_problem, template_recorded

# A value for every variable a notice may use (dates as dates, for the |date filter), to try a wording on save.
_SAMPLE_DAY = dt.date(2026, 3, 2)


def _sample(name: str) -> Any:
    return (
        _SAMPLE_DAY
        if name in {"date", "received_on", "correction_due", "reply_due", "reasons_due", "reply_on"}
        else "示例"
    )


class NoticeTemplateForm(forms.ModelForm[NoticeTemplate]):
    class Meta:
        model = NoticeTemplate
        fields = ("kind", "agency", "title", "body")

    def clean(self) -> dict[str, Any]:
        """A wording is tried before it is saved: a syntax error or a variable no notice supplies would
        otherwise surface only when an officer issues the notice, with the legal deadline running."""
        data = super().clean() or {}
        body = data.get("body")
        if body:
            problem = template_problem(
                data.get("title") or "", body, {n: _sample(n) for n in TEMPLATE_VARIABLES}
            )
            if problem is not None:
                self.add_error("body", problem + "。")
        return data


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin[NoticeTemplate]):
    form = NoticeTemplateForm
    list_display = ("kind", "agency", "title", "updated_at")
    list_filter = ("kind",)

    def save_model(self, request: HttpRequest, obj: NoticeTemplate, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        template_recorded(template=obj, by=request.user, action="change" if change else "create")

    def delete_model(self, request: HttpRequest, obj: NoticeTemplate) -> None:
        template_recorded(template=obj, by=request.user, action="delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for template in queryset:
            template_recorded(template=template, by=request.user, action="delete")
        super().delete_queryset(request, queryset)
