from __future__ import annotations

from django.contrib import admin

from gongkai.web.notices.models import NoticeTemplate


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin[NoticeTemplate]):
    list_display = ("kind", "agency", "title", "updated_at")
    list_filter = ("kind",)
