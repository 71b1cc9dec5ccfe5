from .base import *  # noqa: F403

DEBUG = True
SMS_GATEWAY = env("SMS_GATEWAY") or "redrider.core.gateways.ConsoleGateway"  # noqa: F405
# A workstation reads text logs (personal data masked all the same).
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", "text")  # noqa: F405

# Demo accounts have no TOTP device: enrolment is not forced on a workstation.
STAFF_OTP_REQUIRED = env("STAFF_OTP_REQUIRED", "0") == "1"  # noqa: F405
STAFF_PASSWORD_MAX_AGE_DAYS = int(env("STAFF_PASSWORD_MAX_AGE_DAYS", "0") or 0)  # noqa: F405
