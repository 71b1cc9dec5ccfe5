"""Idempotency-Key handling for POSTs that create money-like effects."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import JsonResponse

from .errors import DomainError, InvalidInput
from .models import IdempotencyRecord

MAX_KEY_LENGTH = 128


def _hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def run_idempotent(
    *, user, key: str | None, scope: str, payload: Any, action: Callable[[], tuple[int, dict]]
) -> tuple[int, dict]:
    """Run `action` at most once per (user, scope, key) and replay its answer afterwards.

    Before: `key` is the client's Idempotency-Key header. After: exactly one record exists for
    the key, holding the first answer (success or refusal) — the effects of a refused action
    are rolled back, the refusal itself is remembered. A replay with another body raises 422.
    Concurrent requests with one key serialise on the unique index; the loser replays.
    """
    if not key:
        raise DomainError(
            "idempotency_key_required",
            "缺少 Idempotency-Key 请求头",
            "Idempotency-Key header required",
        )
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(
            "idempotency_key_invalid", "Idempotency-Key 过长", "Idempotency-Key too long"
        )
    request_hash = _hash(payload)

    def replay(record: IdempotencyRecord) -> tuple[int, dict]:
        if record.request_hash != request_hash:
            raise InvalidInput(
                "idempotency_key_reused",
                "该 Idempotency-Key 已用于另一个请求",
                "this Idempotency-Key was used with a different request",
            )
        return record.status_code, record.response

    with transaction.atomic():
        found = IdempotencyRecord.objects.filter(user=user, scope=scope, key=key).first()
        if found is not None:
            return replay(found)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user, scope=scope, key=key, request_hash=request_hash
                )
        except IntegrityError:
            record = None
        if record is None:
            return replay(IdempotencyRecord.objects.get(user=user, scope=scope, key=key))
        try:
            with transaction.atomic():
                status, body = action()
        except DomainError as error:
            status, body = error.status, error.as_dict()
        record.status_code, record.response = status, body
        record.save(update_fields=["status_code", "response"])
    return status, body


def idempotent_response(status: int, body: dict) -> JsonResponse:
    """The JSON answer for `run_idempotent`'s (status, body), the same on a replay."""
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
