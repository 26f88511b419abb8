"""URLs. Public: / (portal), /catalogue/ (政府信息公开目录), /annual-reports/ (published reports).
Staff: /office/ (back office), /admin/ (configuration only).

A year in a path is `<year:year>`, an id `<id:pk>` (`common.params`): out of range is a 404, not an error.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy
from django.views.i18n import set_language

from gongkai.web.common.params import IdConverter, YearConverter
from gongkai.web.common.views import (
    ConfirmingLogoutView,
    OwnPasswordChangeView,
    RateLimitedLoginView,
    admin_login,
)

register_converter(IdConverter, "id")
register_converter(YearConverter, "year")

urlpatterns = [
    path("", include("gongkai.web.portal.urls")),
    path("office/", include("gongkai.web.applications.urls")),
    path("office/reports/", include("gongkai.web.reports.urls")),
    path("office/imports/", include("gongkai.web.imports.urls")),
    path("office/disclosure/", include("gongkai.web.disclosure.urls")),
    path("office/appeals/", include("gongkai.web.appeals.urls")),
    path("office/facts/", include("gongkai.web.facts.urls")),
    path("catalogue/", include("gongkai.web.catalogue.urls")),
    path("office/annual-reports/", include("gongkai.web.annualreports.urls")),
    path("annual-reports/", include("gongkai.web.annualreports.public_urls")),
    path("office/supervision/", include("gongkai.web.supervision.urls")),
    path("office/calendar/", include("gongkai.web.workdays.urls")),
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/logout/", ConfirmingLogoutView.as_view(), name="logout"),
    path("accounts/password/", OwnPasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]


def _system_administrators_only(request: HttpRequest) -> bool:
    """The configuration site holds every agency's staff, roles and notice wording, unscoped: it is for the
    deployment's system administrators (superusers). An account given `is_staff` and model permissions by
    mistake must not reach it and grant itself roles in other agencies."""
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _system_administrators_only  # type: ignore[method-assign]
admin.site.site_header = gettext_lazy("Gongkai 配置管理")
admin.site.site_title = "Gongkai"
