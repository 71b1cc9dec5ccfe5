"""Personal data at rest: AES-GCM encryption, HMAC blind indexes and masking.

ID and phone numbers are stored only as ciphertext (`EncryptedTextField`) next to a blind
index (`blind_index`) that supports equality look-up and de-duplication without decryption.

Keys rotate without downtime (docs/operations.md "Key rotation"): FIELD_ENCRYPTION_KEY and
BLIND_INDEX_KEY are the current keys, FIELD_ENCRYPTION_KEYS_OLD and BLIND_INDEX_KEYS_OLD the
previous ones (comma-separated). New values are always written with the current key; a value
is read with whichever key opens it (AES-GCM authenticates, so the right key is known); a
blind-index look-up matches the index under any of the keys (`BlindIndex`, `BlindIndexExact`).
`redrider rotate_keys` then rewrites every stored value under the current key in batches, after
which the old keys are removed from the environment.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models
from django.db.models import lookups

_PREFIX = "v1:"


@lru_cache(maxsize=8)
def _aead(secret: str) -> AESGCM:
    return AESGCM(hashlib.sha256(secret.encode()).digest())


def _keyring(current: str, old_setting: str) -> list[str]:
    old = getattr(settings, old_setting, "") or ""
    if isinstance(old, str):
        old = [k.strip() for k in old.split(",")]
    return [current, *[k for k in old if k and k != current]]


def field_keys() -> list[str]:
    """The field-encryption keys, current first."""
    return _keyring(settings.FIELD_ENCRYPTION_KEY, "FIELD_ENCRYPTION_KEYS_OLD")


def index_keys() -> list[str]:
    """The blind-index keys, current first."""
    return _keyring(settings.BLIND_INDEX_KEY, "BLIND_INDEX_KEYS_OLD")


def encrypt(plaintext: str) -> str:
    """Encrypt with the current key and a random 96-bit nonce; ASCII and self-describing."""
    nonce = os.urandom(12)
    sealed = _aead(settings.FIELD_ENCRYPTION_KEY).encrypt(nonce, plaintext.encode(), None)
    return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def _open(token: str, keys: list[str]) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("not an encrypted value")
    raw = base64.urlsafe_b64decode(token[len(_PREFIX) :])
    for key in keys:
        try:
            return _aead(key).decrypt(raw[:12], raw[12:], None).decode()
        except InvalidTag:
            continue
    raise InvalidTag("no configured key opens this value")


def decrypt(token: str) -> str:
    """The plaintext, under the current key or any old one still configured."""
    return _open(token, field_keys())


def under_current_key(token: str) -> bool:
    """Whether the current key opens `token` (False: `rotate_keys` has yet to rewrite it)."""
    try:
        _open(token, field_keys()[:1])
    except (InvalidTag, ValueError):
        return False
    return True


class BlindIndex(str):
    """A blind index under the current key that also matches the same value's index under the
    old keys: in a query (`BlindIndexExact`: `= current` becomes `IN (current, old…)`) and in
    Python (`==`). A plain string when no old key is configured."""

    candidates: tuple[str, ...]

    def __new__(cls, current: str, candidates: tuple[str, ...] = ()):
        made = super().__new__(cls, current)
        made.candidates = candidates or (current,)
        return made

    def __eq__(self, other) -> bool:
        return isinstance(other, str) and (str.__eq__(self, other) or str(other) in self.candidates)

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__


def _index_under(key: str, value: str, purpose: str) -> str:
    normalised = "".join(value.split()).upper()
    return hmac.new(key.encode(), f"{purpose}:{normalised}".encode(), "sha256").hexdigest()


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash of a normalised value; `purpose` separates ID numbers from phones. Written
    rows get the current key's index; look-ups match the old keys' too (see `BlindIndex`)."""
    keys = index_keys()
    current = _index_under(keys[0], value, purpose)
    if len(keys) == 1:
        return current
    return BlindIndex(current, tuple(_index_under(k, value, purpose) for k in keys))


class BlindIndexExact(lookups.Exact):
    """`field = %s`, or `field IN (…)` for a `BlindIndex` with old keys' candidates (registered
    on CharField by core's AppConfig; every other value is left to Django's own `exact`)."""

    def as_sql(self, compiler, connection):
        candidates = getattr(self.rhs, "candidates", None)
        if isinstance(self.rhs, BlindIndex) and candidates and len(candidates) > 1:
            lhs_sql, lhs_params = self.process_lhs(compiler, connection)
            marks = ", ".join(["%s"] * len(candidates))
            return f"{lhs_sql} IN ({marks})", [*lhs_params, *candidates]
        return super().as_sql(compiler, connection)


# --- What `rotate_keys` re-indexes: each app declares its blind indexes in `keyring.py` ------


@dataclass(frozen=True)
class IndexSource:
    """A blind-index column, its purpose and how to read the plaintext it indexes from a row
    (`plaintext(row)`, None when the row keeps none)."""

    model: type[models.Model]
    field: str
    purpose: str
    plaintext: Callable[[Any], str | None]
    queryset: Callable[[], Any] | None = None


def index_sources() -> list[IndexSource]:
    """Every app's `keyring.SOURCES` (core.discovery)."""
    from .discovery import app_modules

    found: list[IndexSource] = []
    for _config, module in app_modules("keyring"):
        found.extend(getattr(module, "SOURCES", []))
    return found


def mask_id_number(value: str) -> str:
    """510***********123X: the first three and last four characters stay."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678: the first three and last four digits stay."""
    if not value:
        return ""
    digits = value[-11:] if len(value) >= 11 else value
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


class EncryptedTextField(models.TextField):
    """A text column holding AES-GCM ciphertext; Python code sees the plaintext."""

    description = "AES-GCM encrypted text"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
