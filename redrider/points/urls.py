from django.urls import path

from . import views

app_name = "points"

urlpatterns = [
    path("", views.rider_home, name="rider_home"),
    path("history/", views.rider_history, name="rider_history"),
    path("console/", views.console_overview, name="console_overview"),
    path("console/fulfil/", views.host_fulfil, name="host_fulfil"),
]
