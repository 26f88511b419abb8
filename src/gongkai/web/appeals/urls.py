from __future__ import annotations

from django.urls import path

from gongkai.web.appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("new/", views.appeal_create, name="create"),
    path("<id:pk>/", views.appeal_detail, name="case"),
    path("<id:pk>/extend/", views.appeal_extend, name="extend"),
    path("<id:pk>/conclude/", views.appeal_conclude, name="conclude"),
    path("<id:pk>/correct/", views.appeal_correct, name="correct"),
    path("table4/", views.table4, name="table4"),
]
