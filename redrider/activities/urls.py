from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.rider_home, name="rider_home"),
    path("a/<int:pk>/", views.rider_detail, name="rider_detail"),
    path("checkin/<str:token>/", views.rider_checkin, name="rider_checkin"),
    path("console/", views.console_list, name="console_list"),
    path("console/new/", views.console_create, name="console_create"),
    path("console/<int:pk>/", views.console_detail, name="console_detail"),
    path("console/<int:pk>/attendance.xlsx", views.console_attendance_xlsx, name="attendance_xlsx"),
]
