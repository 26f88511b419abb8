from __future__ import annotations

from django.urls import path

from gongkai.web.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("guide/<slug:code>/", views.guide, name="guide"),
    path("apply/<slug:code>/", views.apply, name="apply"),
    path("receipt/", views.receipt, name="receipt"),
    path("status/", views.status, name="status"),
    path("status/documents/<str:token>/", views.documents, name="documents"),
    path("status/documents/<str:token>/<id:pk>.<slug:fmt>", views.document, name="document"),
    path("status/reply/<str:token>/", views.reply, name="reply"),
    path("status/withdraw/<str:token>/", views.withdraw, name="withdraw"),
]
