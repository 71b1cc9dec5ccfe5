from .base import *  # noqa: F403

DEBUG = True
SMS_GATEWAY = env("SMS_GATEWAY") or "redrider.core.gateways.ConsoleGateway"  # noqa: F405
