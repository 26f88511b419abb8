from __future__ import annotations

from django.urls import path

from gongkai.web.annualreports import views

app_name = "annualreports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/<int:year>/", views.detail, name="detail"),
    path("<slug:code>/<int:year>/create/", views.create, name="create"),
    path("<slug:code>/<int:year>/refresh/", views.refresh, name="refresh"),
    path("<slug:code>/<int:year>/edit/", views.edit, name="edit"),
    path("<slug:code>/<int:year>/check/", views.check, name="check"),
    path("<slug:code>/<int:year>/approve/", views.approve, name="approve"),
    path("<slug:code>/<int:year>/return/", views.return_, name="return"),
    path("<slug:code>/<int:year>/publish/", views.publish, name="publish"),
    path("<slug:code>/<int:year>/correct/", views.correct, name="correct"),
    path("<slug:code>/<int:year>/discard/", views.discard, name="discard"),
    path("<slug:code>/<int:year>/preview/", views.preview, name="preview"),
]
