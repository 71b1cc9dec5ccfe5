from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("console/", views.console_home, name="console"),
    path("console/region/", views.region_focus, name="region_focus"),
    path("console/audit/", views.audit_list, name="audit"),
    path("rider/", views.rider_home, name="rider_home"),
    path("rider/me/", views.rider_me, name="rider_me"),
]
