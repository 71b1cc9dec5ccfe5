from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.console_plan, name="console_plan"),
    path("plans/<int:plan_id>/export.xlsx", views.plan_export_xlsx, name="export_xlsx"),
    path("plans/<int:plan_id>/report.docx", views.plan_export_docx, name="export_docx"),
]
