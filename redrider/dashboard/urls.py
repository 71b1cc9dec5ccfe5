from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.console_indicators, name="console_indicators"),
    path("screen/", views.big_screen, name="screen"),
    path("export.xlsx", views.indicators_export, name="export"),
    path("report.docx", views.monthly_report, name="monthly_report"),
    path("ledger.xlsx", views.ledger, name="ledger"),
    path("reports/<int:pk>/download", views.filed_download, name="filed_download"),
]
