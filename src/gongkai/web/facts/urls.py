from __future__ import annotations

from django.urls import path

from gongkai.web.facts import views

app_name = "facts"

urlpatterns = [
    path("", views.year, name="year"),
]
