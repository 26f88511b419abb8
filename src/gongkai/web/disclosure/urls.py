from __future__ import annotations

from django.urls import path

from gongkai.web.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.item_create, name="create"),
    path("items/<id:pk>/", views.item_detail, name="item"),
    path("items/<id:pk>/edit/", views.item_edit, name="edit"),
    path("items/<id:pk>/act/<slug:action>/", views.item_act, name="act"),
    path("items/<id:pk>/document/", views.document_event, name="document"),
    path("figures/", views.figures, name="figures"),
    path("import/", views.register_import, name="import"),
    path("import/template/", views.register_import_template, name="import_template"),
    path("from-application/", views.from_application, name="from_application"),
    path("table2/", views.table2, name="table2"),
]
