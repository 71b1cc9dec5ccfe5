"""Personal data at rest: AES-GCM encryption, HMAC blind indexes and masking.

ID and phone numbers are stored only as ciphertext (`EncryptedTextField`) next to a blind
index (`blind_index`) that supports equality look-up and de-duplication without decryption.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

_PREFIX = "v1:"


@lru_cache(maxsize=4)
def _aead(secret: str) -> AESGCM:
    return AESGCM(hashlib.sha256(secret.encode()).digest())


def encrypt(plaintext: str) -> str:
    """Encrypt with a random 96-bit nonce; the result is ASCII and self-describing."""
    nonce = os.urandom(12)
    sealed = _aead(settings.FIELD_ENCRYPTION_KEY).encrypt(nonce, plaintext.encode(), None)
    return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise ValueError("not an encrypted value")
    raw = base64.urlsafe_b64decode(token[len(_PREFIX) :])
    return _aead(settings.FIELD_ENCRYPTION_KEY).decrypt(raw[:12], raw[12:], None).decode()


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash of a normalised value; `purpose` separates ID numbers from phones."""
    normalised = "".join(value.split()).upper()
    mac = hmac.new(settings.BLIND_INDEX_KEY.encode(), f"{purpose}:{normalised}".encode(), "sha256")
    return mac.hexdigest()


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
