from __future__ import annotations

from django.urls import path

from gongkai.web.applications import views

app_name = "office"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.application_list, name="list"),
    path("cases/new/", views.application_create, name="create"),
    path("cases/<id:pk>/", views.application_detail, name="case"),
    path("cases/<id:pk>/act/<slug:action>/", views.application_act, name="act"),
    path("cases/<id:pk>/notes/", views.note_add, name="note"),
    path("cases/<id:pk>/files/", views.attachment_add, name="attach"),
    path("cases/<id:pk>/assign/", views.assign, name="assign"),
    path("cases/<id:pk>/audit/", views.application_audit_trail, name="audit"),
    path("cases/<id:pk>/query-code/", views.reissue_query_code, name="reissue_code"),
    path("cases/<id:pk>/files/<id:file_pk>/", views.attachment_download, name="file"),
    path("cases/<id:pk>/notices/<id:notice_pk>.<slug:fmt>", views.notice_download, name="notice"),
    path("cases/<id:pk>/notices/<id:notice_pk>/email/", views.notice_email, name="notice_email"),
]
