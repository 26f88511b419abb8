"""The register is kept in the back office, not in the admin: the admin only lists it (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.web.disclosure.models import RegisterItem, YearlyFigures


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RegisterItem)
class RegisterItemAdmin(_ReadOnly):
    list_display = ("index_number", "title", "agency", "attribute", "state", "published_on", "document_kind")
    list_filter = ("state", "attribute", "document_kind", "agency")
    search_fields = ("index_number", "title", "doc_number")


@admin.register(YearlyFigures)
class YearlyFiguresAdmin(_ReadOnly):
    list_display = (
        "agency",
        "year",
        "licensing_decisions",
        "penalty_decisions",
        "coercion_decisions",
        "fees_amount",
    )
    list_filter = ("year", "agency")
