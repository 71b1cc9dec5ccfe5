"""The one way to link a confidential movement of the ledger to a person (DESIGN §4 rule 7)."""

from __future__ import annotations

from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.core.audit import audit_record
from redrider.core.errors import NotFound, PermissionDenied

from ..models import Transaction

REVEAL = "points.reveal_confidential"


def points_confidential_reveal(*, actor: User, transaction_id: int) -> dict:
    """The rider and source of a confidential transaction, for a holder of the informant
    permission over its region (`points.reveal_confidential`), with an audit row for every look.

    Before: the transaction lies in the actor's region (404 otherwise, and for station hosts).
    After: a `points.confidential_view` audit row — `ok` with the look, or `denied` and 403 for
    anyone else. The audit row names the transaction only, never the rider or the source.
    A transaction that is not confidential has nothing to reveal: it answers its own fields and
    writes nothing.
    """
    tx = (
        Transaction.objects.visible_to(actor)
        .select_related("rider")
        .filter(pk=transaction_id)
        .first()
    )
    if tx is None:
        raise NotFound("积分流水", "transaction")
    if tx.confidential:
        allowed = can(actor, REVEAL, tx)
        audit_record(
            actor=actor,
            action="points.confidential_view",
            obj=tx,
            region_code=tx.region_code,
            result="ok" if allowed else "denied",
        )
        if not allowed:
            raise PermissionDenied("无权查看保密来源", "you may not see who this movement was for")
    return {
        "rider_id": tx.rider_id,
        "rider": tx.rider.label if tx.rider_id else "",
        "source": tx.source,
    }
