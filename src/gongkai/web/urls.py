"""URLs. Public: / (portal). Staff: /office/ (back office), /admin/ (configuration only).

Reserved for the next part (issue 5): /catalogue/ (public 政府信息公开目录), /office/disclosure/,
/office/appeals/, /office/annual-reports/, /office/supervision/.
Public annual reports (issue 5): /annual-reports/<agency code>/<year>/.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from gongkai.web.common.views import RateLimitedLoginView

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
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Gongkai 配置管理"
admin.site.site_title = "Gongkai"
