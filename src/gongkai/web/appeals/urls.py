from __future__ import annotations

from django.urls import path

from gongkai.web.appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("new/", views.appeal_create, name="create"),
    path("<int:pk>/", views.appeal_detail, name="case"),
    path("<int:pk>/extend/", views.appeal_extend, name="extend"),
    path("<int:pk>/conclude/", views.appeal_conclude, name="conclude"),
    path("<int:pk>/correct/", views.appeal_correct, name="correct"),
    path("table4/", views.table4, name="table4"),
]
