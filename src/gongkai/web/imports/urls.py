from __future__ import annotations

from django.urls import path

from gongkai.web.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("template.xlsx", views.template, name="template"),
    path("<uuid:pk>/", views.job, name="job"),
    path("<uuid:pk>/progress/", views.job_progress, name="progress"),
]
