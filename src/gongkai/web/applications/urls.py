from __future__ import annotations

from django.urls import path

from gongkai.web.applications import views

app_name = "office"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.application_list, name="list"),
    path("cases/new/", views.application_create, name="create"),
    path("cases/<int:pk>/", views.application_detail, name="case"),
    path("cases/<int:pk>/act/<slug:action>/", views.application_act, name="act"),
    path("cases/<int:pk>/notes/", views.note_add, name="note"),
    path("cases/<int:pk>/files/", views.attachment_add, name="attach"),
    path("cases/<int:pk>/assign/", views.assign, name="assign"),
    path("cases/<int:pk>/query-code/", views.reissue_query_code, name="reissue_code"),
    path("cases/<int:pk>/files/<int:file_pk>/", views.attachment_download, name="file"),
    path("cases/<int:pk>/notices/<int:notice_pk>.<slug:fmt>", views.notice_download, name="notice"),
    path("cases/<int:pk>/notices/<int:notice_pk>/email/", views.notice_email, name="notice_email"),
]
