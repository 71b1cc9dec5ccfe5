from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.console_indicators, name="console_indicators"),
    path("export.xlsx", views.indicators_export, name="export"),
    path("reports/<int:pk>/download", views.filed_download, name="filed_download"),
]
