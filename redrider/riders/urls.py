from django.urls import path

from .views import claims, console, h5

app_name = "riders"

urlpatterns = [
    path("", console.rider_list, name="console_list"),
    path("<int:pk>/", console.rider_detail, name="console_detail"),
    path("export.xlsx", console.rider_export, name="console_export"),
    path("exports/<int:pk>/", console.export_detail, name="export_detail"),
    path("exports/<int:pk>/download", console.export_download, name="export_download"),
    path("imports/", console.import_page, name="import_page"),
    path("imports/template.xlsx", console.import_template, name="import_template"),
    path("imports/<int:pk>/", console.import_detail, name="import_detail"),
    path("imports/<int:pk>/errors.xlsx", console.import_errors, name="import_errors"),
    path("companies/", console.company_list, name="companies"),
    path("companies/<int:pk>/", console.company_detail, name="company_detail"),
    path("liaison/", console.liaison, name="liaison"),
    path("problems/<int:pk>/transition", console.problem_transition, name="problem_transition"),
    path("claims/", claims.claim_list, name="claims"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("surveys/", console.survey_list, name="surveys"),
    path("surveys/<int:pk>/", console.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/qr.png", console.survey_qr, name="survey_qr"),
    path("surveys/<int:pk>/report.docx", console.survey_report, name="survey_report"),
    path("h5/register/", h5.register, name="rider_register"),
    path("h5/me/", h5.profile, name="rider_profile"),
    path("h5/s/<str:token>/", h5.survey, name="rider_survey"),
]
