from __future__ import annotations

from django.urls import path

from gongkai.web.reports import views

app_name = "reports"

urlpatterns = [
    path("table3/", views.table3, name="table3"),
    path("table3/<year:year>/<slug:row>/<slug:column>/", views.table3_cell, name="cell"),
]
