"""Outbound messages (SMS codes, WeChat/SMS templates) through a pluggable gateway.

`settings.SMS_GATEWAY` names the class. The console gateway prints instead of sending and keeps
an in-memory outbox that tests read; a real deployment plugs in its carrier's gateway.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from django.conf import settings
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
    """Development gateway: logs the message with the recipient masked; keeps an outbox."""

    def __init__(self) -> None:
        self.outbox: list[Message] = []

    def send(self, message: Message) -> None:
        from .pii import mask_phone

        self.outbox.append(message)
        log.info("message %s to %s: %s", message.template, mask_phone(message.to), message.params)


@lru_cache(maxsize=1)
def get_gateway() -> Gateway:
    return import_string(str(settings.SMS_GATEWAY))()
