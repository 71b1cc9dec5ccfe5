"""/accounts/: the staff second factor (TOTP enrolment and codes) and the password page."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/recovery/", views.recovery_codes, name="recovery_codes"),
    path("password/", views.password_change, name="password_change"),
]
