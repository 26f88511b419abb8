"""Facts are entered in the back office; the admin only lists them (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.web.facts.models import ChannelPosts, OutreachEvent, ProposalResponse


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChannelPosts)
class ChannelPostsAdmin(_ReadOnly):
    list_display = ("agency", "year", "channel", "count")
    list_filter = ("year", "channel")


@admin.register(ProposalResponse)
class ProposalResponseAdmin(_ReadOnly):
    list_display = ("agency", "kind", "number", "title", "answered_on", "disclosed_on")
    list_filter = ("kind",)


@admin.register(OutreachEvent)
class OutreachEventAdmin(_ReadOnly):
    list_display = ("agency", "kind", "title", "held_on")
    list_filter = ("kind",)
