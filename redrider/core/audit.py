"""Writing audit rows: services call `audit_record` inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .context import current_ip
from .models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    result: str = AuditEvent.Result.OK,
    region_code: str = "",
    detail: dict | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Insert one audit row (UTC time, actor, action, object, result, IP) and return it.

    Callers pass their model instance as `obj`; its class name and primary key are kept, never
    its personal data. `detail` must not contain plaintext ID or phone numbers.
    """
    user = (
        actor if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False) else None
    )
    row = AuditEvent.objects.create(
        actor=user,
        actor_label=actor_label or (getattr(actor, "username", "") or "")[:150],
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        region_code=region_code or getattr(obj, "region_code", "") or "",
        result=result,
        ip=current_ip.get(),
        detail=detail or {},
    )
    _seal_after_commit()
    return row


def _seal_after_commit() -> None:
    """Once per transaction: seal its audit rows into the hash chain after it commits."""
    from django.db import connection

    from .audit_chain import request_seal

    if not any(entry[1] is request_seal for entry in connection.run_on_commit):
        transaction.on_commit(request_seal, robust=True)
