from __future__ import annotations

from django.urls import path

from gongkai.web.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.calendar, name="calendar"),
]
