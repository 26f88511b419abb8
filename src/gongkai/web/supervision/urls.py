from __future__ import annotations

from django.urls import path

from gongkai.web.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("totals/<slug:code>/<year:year>.<slug:fmt>", views.aggregate_file, name="aggregate"),
    path("reports/<id:pk>/", views.report_detail, name="report"),
    path("reports/<id:pk>/original/", views.original_file, name="original"),
    path("import/", views.import_reports, name="import"),
    path("import/<id:pk>/", views.batch, name="batch"),
]
