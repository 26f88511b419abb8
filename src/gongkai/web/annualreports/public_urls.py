from __future__ import annotations

from django.urls import path

from gongkai.web.annualreports import views

app_name = "annual_reports_public"

urlpatterns = [
    path("", views.public_index, name="index"),
    path("data.<slug:fmt>", views.public_data, name="data"),
    path("<slug:code>/<year:year>/", views.public_report, name="report"),
    path("<slug:code>/<year:year>/v<id:number>/", views.public_report, name="version"),
    path("<slug:code>/<year:year>/v<id:number>.<slug:fmt>", views.public_file, name="file"),
]
