"""Telling a rider about their case: an in-page notice plus a template message via the gateway."""

from __future__ import annotations

from django.db import transaction

from redrider.core.gateways import Message, get_gateway

from ..models import Appeal, AppealNotification


def notify_rider(*, user, appeal: Appeal, kind: str, text: str) -> AppealNotification:
    """Store the in-page notice now; send the SMS/WeChat template only once the write commits,
    so a rolled-back step never messages anyone."""
    notice = AppealNotification.objects.create(user=user, appeal=appeal, kind=kind, text=text[:300])
    message = Message(
        to=f"user:{user.pk}",
        template=f"appeal_{kind}",
        params={"appeal_id": appeal.pk, "status": appeal.status, "text": text[:300]},
    )
    transaction.on_commit(lambda: get_gateway().send(message))
    return notice
