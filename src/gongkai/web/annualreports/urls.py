from __future__ import annotations

from django.urls import path

from gongkai.web.annualreports import views

app_name = "annualreports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/<year:year>/", views.detail, name="detail"),
    path("<slug:code>/<year:year>/create/", views.create, name="create"),
    path("<slug:code>/<year:year>/refresh/", views.refresh, name="refresh"),
    path("<slug:code>/<year:year>/edit/", views.edit, name="edit"),
    path("<slug:code>/<year:year>/check/", views.check, name="check"),
    path("<slug:code>/<year:year>/approve/", views.approve, name="approve"),
    path("<slug:code>/<year:year>/return/", views.return_, name="return"),
    path("<slug:code>/<year:year>/publish/", views.publish, name="publish"),
    path("<slug:code>/<year:year>/correct/", views.correct, name="correct"),
    path("<slug:code>/<year:year>/discard/", views.discard, name="discard"),
    path("<slug:code>/<year:year>/preview/", views.preview, name="preview"),
    path("<slug:code>/<year:year>/import/", views.import_, name="import"),
]
