from django.urls import path

from . import views

app_name = "stations"

urlpatterns = [
    path("", views.rider_nearby, name="rider_nearby"),
    path("c/<str:code>/", views.checkin_page, name="checkin"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("console/", views.console_list, name="console_list"),
    path("console/new/", views.console_create, name="console_create"),
    path("console/export.xlsx", views.console_export, name="console_export"),
    path("console/import/", views.console_import, name="console_import"),
    path("console/corrections/", views.console_corrections, name="console_corrections"),
    path("console/<int:pk>/", views.console_detail, name="console_detail"),
    path("console/<int:pk>/sign.pdf", views.console_sign, {"kind": "pdf"}, name="sign_pdf"),
    path("console/<int:pk>/sign.png", views.console_sign, {"kind": "png"}, name="sign_png"),
]
