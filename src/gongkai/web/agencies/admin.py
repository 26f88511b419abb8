from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from gongkai.web.agencies import services
from gongkai.web.agencies.models import Agency, StaffMembership


class MembershipInline(admin.TabularInline[StaffMembership, Agency]):
    model = StaffMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "code", "notice_prefix", "level", "parent")
    search_fields = ("name", "code")
    list_filter = ("level",)
    inlines = (MembershipInline,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # noqa: RUF012 (Django API)

    def get_readonly_fields(self, request: HttpRequest, obj: Agency | None = None) -> tuple[str, ...]:
        # Moving an agency in the tree would move its subtree's paths; not offered here.
        return ("parent",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Agency, form: ModelForm[Agency], change: bool) -> None:
        user: Any = request.user
        if change:
            data = {f: form.cleaned_data[f] for f in form.changed_data}
            if data:
                services.agency_update(agency=obj, by=user, **data)
            return
        created = services.agency_create(by=user, **form.cleaned_data)
        obj.pk = created.pk
        obj.path = created.path
        obj._state.adding = False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        for membership in formset.new_objects + [m for m, _fields in formset.changed_objects]:
            services.membership_recorded(membership=membership, by=request.user, how="admin")
        for membership in formset.deleted_objects:
            services.membership_recorded(membership=membership, by=request.user, how="admin", deleted=True)


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin[StaffMembership]):
    list_display = ("user", "agency", "role", "active")
    list_filter = ("role", "active", "agency")
    autocomplete_fields = ("user", "agency")

    def save_model(self, request: HttpRequest, obj: StaffMembership, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.membership_recorded(membership=obj, by=request.user, how="admin")

    def delete_model(self, request: HttpRequest, obj: StaffMembership) -> None:
        services.membership_recorded(membership=obj, by=request.user, how="admin", deleted=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for membership in queryset:
            services.membership_recorded(membership=membership, by=request.user, how="admin", deleted=True)
        super().delete_queryset(request, queryset)


class AuditedUserAdmin(UserAdmin[User]):
    """Accounts changed in the configuration site leave an audit event, like those made by the commands: who
    may see applicants' personal data is part of the record (the password hash itself never is)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = [name for name in form.changed_data if name != "password"]
        services.account_recorded(
            user=obj, by=request.user, action="change" if change else "create", fields=changed
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.account_recorded(user=obj, by=request.user, action="delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            services.account_recorded(user=user, by=request.user, action="delete")
        super().delete_queryset(request, queryset)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            services.account_recorded(
                user=self.get_object(request, id), by=request.user, action="password_set"
            )
        return response


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
