from __future__ import annotations

from django.urls import path

from gongkai.web.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.item_create, name="create"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="edit"),
    path("items/<int:pk>/act/<slug:action>/", views.item_act, name="act"),
    path("items/<int:pk>/document/", views.document_event, name="document"),
    path("figures/", views.figures, name="figures"),
    path("from-application/", views.from_application, name="from_application"),
    path("table2/", views.table2, name="table2"),
]
