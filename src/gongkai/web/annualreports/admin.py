"""Annual reports are written through the workflow in the office, never in the admin: the admin only lists them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.web.annualreports.models import AnnualReport, ReportVersion


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(_ReadOnly, admin.ModelAdmin[AnnualReport]):
    list_display = ("subject", "year", "agency", "source", "newest_status", "first_published_on")
    list_filter = ("year", "source", "newest_status")
    search_fields = ("subject",)


@admin.register(ReportVersion)
class ReportVersionAdmin(_ReadOnly, admin.ModelAdmin[ReportVersion]):
    list_display = ("report", "number", "status", "error_count", "warning_count", "published_on")
    list_filter = ("status",)
    exclude = ("record_cells", "manual_cells", "sections", "findings")
