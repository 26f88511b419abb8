from __future__ import annotations

from django.urls import path

from gongkai.web.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("data.<slug:fmt>", views.open_data_download, name="data"),
    path("<slug:code>/", views.agency_catalogue, name="agency"),
    path("<slug:code>/items/<id:pk>/", views.item, name="item"),
]
