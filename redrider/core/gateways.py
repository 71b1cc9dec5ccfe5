"""Outbound messages (SMS codes, WeChat/SMS templates) through a pluggable gateway.

`settings.SMS_GATEWAY` names the class. The console gateway logs that a message went out (never
what it said: one-time codes and case text stay out of every log) and keeps an in-memory outbox
that tests read; it exists for development and tests only. Production settings refuse to start
without a carrier's gateway configured (config/settings/prod.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

log = logging.getLogger("redrider.gateway")


@dataclass
class Message:
    to: str  # a phone number or an account identifier; never logged in full
    template: str
    params: dict = field(default_factory=dict)


class Gateway(Protocol):
    def send(self, message: Message) -> None: ...


class ConsoleGateway:
    """Development and test gateway: keeps an outbox; the log line names the template, the
    masked recipient and the parameter names, never their values (a one-time code is a secret)."""

    def __init__(self) -> None:
        self.outbox: list[Message] = []

    def send(self, message: Message) -> None:
        from .pii import mask_phone

        self.outbox.append(message)
        log.info(
            "message %s to %s (params: %s)",
            message.template,
            mask_phone(message.to),
            ", ".join(sorted(message.params)) or "-",
        )


@lru_cache(maxsize=1)
def get_gateway() -> Gateway:
    path = str(getattr(settings, "SMS_GATEWAY", "") or "")
    if not path:
        raise ImproperlyConfigured("SMS_GATEWAY must name the message gateway class")
    return import_string(path)()
