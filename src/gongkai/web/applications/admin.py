"""Cases are handled in the back office, not in the admin: the admin only lists them (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse

from gongkai.web.applications import services
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

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Every view of a case is in the audit log, here too (the request text and dates are shown; the
        applicant's personal data is not)."""
        response = super().change_view(request, object_id, form_url, extra_context)
        application = self.get_object(request, object_id)
        if application is not None and isinstance(request.user, User):
            services.application_record_view(
                application=application, by=request.user, what="application", personal_data=False
            )
        return response
