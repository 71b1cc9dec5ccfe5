"""Authentication: staff by user name, riders by phone number (found through its blind index)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from redrider.core.pii import blind_index

from .phone import normalise_phone


def phone_index(phone: str) -> str:
    return blind_index(phone, purpose="phone")


def rider_username(phone: str) -> str:
    """The user name a self-registered rider's account carries: derived from, never equal to, the phone."""
    return "rider-" + phone_index(phone)[:24]


def resolve_username(raw: str) -> str:
    """The account name behind what was typed: a phone number maps to its rider's user name."""
    text = (raw or "").strip()
    phone = normalise_phone(text)
    if phone:
        found = (
            get_user_model()
            .objects.filter(phone_index=phone_index(phone))
            .values_list("username", flat=True)
            .first()
        )
        return found or rider_username(phone)
    return text


def axes_username(request, credentials) -> str:
    """Lockout is per account, so a phone and its account's name count as one."""
    return resolve_username((credentials or {}).get("username", ""))


class PhoneOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            return None
        return super().authenticate(request, username=resolve_username(username), password=password)
