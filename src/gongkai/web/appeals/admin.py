"""Appeals are recorded in the back office; the admin only lists them (read-only, without the appellant)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.web.appeals.models import AppealCase


@admin.register(AppealCase)
class AppealCaseAdmin(admin.ModelAdmin[AppealCase]):
    list_display = ("case_number", "agency", "kind", "filed_on", "outcome", "concluded_on")
    list_filter = ("kind", "outcome", "agency")
    exclude = ("appellant",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
