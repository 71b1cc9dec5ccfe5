"""The riders' blind indexes, for `redrider rotate_keys` (core.pii.index_sources): which column
indexes which plaintext under which purpose. A rider account's `phone_index` is re-derived from
its census record's phone (the account itself keeps no phone)."""

from __future__ import annotations

from redrider.accounts.models import User
from redrider.core.pii import IndexSource

from .identity import ID_PURPOSE, NAME_PURPOSE, PHONE_PURPOSE
from .models import RegistrationClaim, Rider


def _account_phone(user) -> str | None:
    return Rider.objects.filter(user=user).values_list("phone", flat=True).first() or None


SOURCES = [
    IndexSource(Rider, "id_index", ID_PURPOSE, lambda r: r.id_number or None),
    IndexSource(Rider, "phone_index", PHONE_PURPOSE, lambda r: r.phone or None),
    IndexSource(Rider, "name_index", NAME_PURPOSE, lambda r: r.name or None),
    IndexSource(RegistrationClaim, "phone_index", PHONE_PURPOSE, lambda c: c.phone or None),
    IndexSource(RegistrationClaim, "name_index", NAME_PURPOSE, lambda c: c.name or None),
    IndexSource(
        User,
        "phone_index",
        PHONE_PURPOSE,
        _account_phone,
        queryset=lambda: User.objects.filter(phone_index__isnull=False),
    ),
]
