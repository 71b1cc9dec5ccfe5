"""Idempotency-Key handling for POSTs that create money-like effects (DESIGN §4 rule 3).

One way to apply it: `@idempotent(scope=...)` under the router's decorator. Services never see
the header; the ledger's own `idempotency_key` is for deeds (an award keyed on its reason), not
for requests.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
from collections.abc import Callable
from typing import Annotated, Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from ninja import Header, Status
from ninja.decorators import decorate_view
from ninja.utils import contribute_operation_args
from pydantic import Field
from pydantic_core import to_jsonable_python

from .errors import DomainError, InvalidInput
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 128


def _hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def key_missing() -> DomainError:
    return DomainError(
        "idempotency_key_required",
        "缺少 Idempotency-Key 请求头",
        "Idempotency-Key header required",
    )


def key_too_long() -> DomainError:
    return InvalidInput(
        "idempotency_key_invalid", "Idempotency-Key 过长", "Idempotency-Key too long"
    )


def run_idempotent(
    *, user, key: str | None, scope: str, payload: Any, action: Callable[[], tuple[int, Any]]
) -> tuple[int, Any]:
    """Run `action` at most once per (user, scope, key) and replay its answer afterwards.

    Before: `key` is the client's Idempotency-Key header. After: exactly one record exists for
    the key, holding the first answer (success or refusal) — the effects of a refused action
    are rolled back, the refusal itself is remembered. A replay with another body raises 422.
    Concurrent requests with one key serialise on the unique index; the loser replays.
    `action` answers (status, JSON-ready body).
    """
    if not key:
        raise key_missing()
    if len(key) > MAX_KEY_LENGTH:
        raise key_too_long()
    request_hash = _hash(payload)

    def replay(record: IdempotencyRecord) -> tuple[int, Any]:
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


# The header as an operation declares it: required, 1–128 characters. Missing answers 400
# `idempotency_key_required`, too long 422 `idempotency_key_invalid` (core/api.py maps them).
RequiredKey = Annotated[str, Field(min_length=1, max_length=MAX_KEY_LENGTH)]
OptionalKey = Annotated[str | None, Field(max_length=MAX_KEY_LENGTH)]
_ARG = "idempotency_key"


def idempotent(
    *,
    scope: str,
    required: bool = True,
    then: Callable[[HttpRequest, int, Any], Any] | None = None,
) -> Callable:
    """Make a ninja operation run at most once per (caller, scope, `Idempotency-Key`).

    Put it under the router's decorator. `scope` names the effect and may name path
    parameters (`"points.cancel.{id}"`). The operation declares the header (required unless
    `required=False`, in which case a request without it simply runs). The first answer — a
    success or a refusal (`DomainError`), shaped by the operation's own response schema — is
    stored and replayed to every retry with the same key and the same input; the same key with
    another input answers 422 `idempotency_key_reused`. The view's effects are rolled back
    when it refuses. `then(request, status, body)`, when given, makes the answer sent (first
    time and replays alike) from the stored one once the transaction has committed — to show
    what listeners of the view's events changed.
    """

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any):
            key = kwargs.pop(_ARG, None)
            if not key and not required:
                return view(request, **kwargs)
            operation = request._idempotent_operation  # type: ignore[attr-defined]

            def action() -> tuple[int, Any]:
                temporal = operation.api.create_temporal_response(request)
                result = view(request, **kwargs)
                if isinstance(result, tuple) and len(result) == 2:
                    result = Status(*result)
                response = operation._result_to_response(request, result, temporal)
                return response.status_code, json.loads(response.content)

            status, body = run_idempotent(
                user=request.auth,  # type: ignore[attr-defined]  # ninja's auth sets it
                key=key,
                scope=scope.format(**kwargs),
                payload=to_jsonable_python(kwargs),
                action=action,
            )
            if then is not None and status < 400:  # a refusal is answered as it was stored
                temporal = operation.api.create_temporal_response(request)
                return operation._result_to_response(
                    request, Status(status, then(request, status, body)), temporal
                )
            return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})

        # ninja reads the view's parameters from the wrapper, resolving string annotations in
        # the wrapper's module: hand it the view's, already resolved.
        wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
        header: Any = RequiredKey if required else OptionalKey
        contribute_operation_args(
            wrapper, _ARG, header, Header(... if required else None, alias=HEADER)
        )
        return decorate_view(_remember_operation)(wrapper)

    return decorate


def _remember_operation(run: Callable) -> Callable:
    """The operation (as mounted on the API) that runs the view, for shaping its answer with
    the operation's own response schema."""
    operation = run.__self__  # type: ignore[attr-defined]

    @functools.wraps(run)
    def remembering(request: HttpRequest, *args: Any, **kwargs: Any):
        request._idempotent_operation = operation  # type: ignore[attr-defined]
        return run(request, *args, **kwargs)

    return remembering
