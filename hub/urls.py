"""The hub's addresses: the kiosk API under /api/v1/, Django's admin for staff at /admin/."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from hub import views

urlpatterns = [
    path("api/v1/join", views.join, name="join"),
    path("api/v1/ping", views.ping, name="ping"),
    path("api/v1/sync", views.sync_view, name="sync"),
    path("admin/", admin.site.urls),
]
