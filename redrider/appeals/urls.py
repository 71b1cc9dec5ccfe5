from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("rider/", views.rider_home, name="rider_home"),
    path("rider/<int:pk>/", views.rider_case, name="rider_case"),
    path("rider/tipoffs/", views.rider_tipoffs, name="rider_tipoffs"),
    path("console/", views.console_queue, name="console_queue"),
    path("console/<int:pk>/", views.console_case, name="console_case"),
    path("console/map/", views.console_map, name="console_map"),
    path("console/export.xlsx", views.console_export, name="console_export"),
    path("console/indicators/", views.console_indicators, name="console_indicators"),
    path("console/tipoffs/", views.console_tipoffs, name="console_tipoffs"),
    path("console/tipoffs/<int:pk>/", views.console_tipoff, name="console_tipoff"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("tipoff-photos/<int:pk>/", views.tipoff_photo, name="tipoff_photo"),
    path("problems/<int:pk>/appeal", views.problem_raise, name="problem_raise"),
]
