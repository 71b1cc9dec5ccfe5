"""The daily points run shared by `redrider points_daily` (cron) and the `points_daily` task."""

from __future__ import annotations

import datetime as dt

from redrider.core.audit import audit_record

from .integrity import ledger_violations
from .services import points_orders_expire


def points_daily_run(*, now: dt.datetime | None = None, check: bool = True) -> dict:
    """Expire every pending order past its pickup deadline, then (with `check`) verify the ledger.

    Before: none — safe to run at any time and any number of times (an expired order is no longer
    pending, so a second run finds nothing). After: each overdue order is `expired` with its
    points reversed to the rider and its stock returned, each in its own transaction; one
    `points.daily` audit row records the count. Returns `{"expired": n, "violations": [...]}`
    (violations empty when the ledger is sound, or when `check` is off).
    """
    expired = points_orders_expire(now=now)
    violations = ledger_violations() if check else []
    audit_record(
        actor=None,
        actor_label="system",
        action="points.daily",
        result="ok" if not violations else "failed",
        detail={"expired": expired, "violations": len(violations)},
    )
    return {"expired": expired, "violations": violations}
