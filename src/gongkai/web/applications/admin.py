"""Cases are handled in the back office, not in the admin: the admin only lists them (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.web.applications.models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ("number", "agency", "status", "received_on", "outcome_row", "outcome_on")
    list_filter = ("status", "agency")
    search_fields = ("number",)
    exclude = ("query_digest",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
