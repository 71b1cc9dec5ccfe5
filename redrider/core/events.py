"""Domain events: how a lower app causes an effect higher up without importing it (DESIGN §3).

A service announces a typed event inside its own transaction (`announce(AttendanceRecorded(...))`).
It is delivered only once that transaction commits (`transaction.on_commit`): a refused or rolled
back write announces nothing. The higher app listens in its `listeners.py` (found by name when the
core app is ready, like admin.py):

    @listens(AttendanceRecorded)
    def award_attendance(event: AttendanceRecorded) -> None: ...

Delivery runs each listener in its own transaction, in registration order. A listener that raises
is rolled back and logged at ERROR with the event (logger ``redrider.events``) and an audit row
``event.failed``; the others still run and the announcing request still succeeds, because its
own write has committed. Listeners are therefore idempotent — an effect keyed on the event (an
idempotency key, a conditional update) — so that the app's daily repair run, or a replay of the
logged event with `deliver(event)`, is always safe.

Events carry ids and codes, never model instances (the listener reads fresh rows) and never a
confidential person (DESIGN §4.7: a tip-off's event names the tip-off, not its informant).

In tests wrapped in a transaction nothing commits: wrap the action in
``django_capture_on_commit_callbacks(execute=True)`` (pytest-django) to deliver its events.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from django.db import transaction

from .audit import audit_record

log = logging.getLogger("redrider.events")


@dataclass(frozen=True, slots=True)
class Event:
    """Base of every domain event: a fact that has happened and committed."""


# --- The events of the platform (announcer → listeners) -----------------------------------


@dataclass(frozen=True, slots=True)
class AppealStatusChanged(Event):
    """appeals → a case moved along its workflow (`appeal_transition`).

    `resolved_at` is the case's resolution time when it has one (the liaison problem a case came
    from is solved on that day)."""

    appeal_id: int
    previous: str
    status: str
    region_code: str
    resolved_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class AttendanceRecorded(Event):
    """activities → a rider checked in at an activity (`checkin_record`); attendance earns points
    (`points` listens and stores them on the sign-up)."""

    signup_id: int
    activity_id: int
    rider_id: int
    region_code: str


@dataclass(frozen=True, slots=True)
class TipoffFounded(Event):
    """appeals → a tip-off was verified as founded (`tipoff_verify`); its pending
    `TipoffReward` is credited through the points ledger (`points` listens). The informant is
    not named here: the listener reads the reward row."""

    tipoff_id: int
    region_code: str


# --- Registration and delivery -------------------------------------------------------------

E = TypeVar("E", bound=Event)
Listener = Callable[[Any], None]

_LISTENERS: dict[type[Event], list[Listener]] = {}


def listens(event_type: type[E]) -> Callable[[Callable[[E], None]], Callable[[E], None]]:
    """Register the decorated function to receive every `event_type` after commit."""

    def register(function: Callable[[E], None]) -> Callable[[E], None]:
        registered = _LISTENERS.setdefault(event_type, [])
        if function not in registered:
            registered.append(function)
        return function

    return register


def listeners_of(event_type: type[Event]) -> list[Listener]:
    return list(_LISTENERS.get(event_type, ()))


def announce(event: Event) -> None:
    """Deliver `event` to its listeners once the current transaction commits (at once outside
    a transaction)."""
    transaction.on_commit(partial(deliver, event))


def deliver(event: Event) -> int:
    """Run every listener of `event` now, each in its own transaction; returns how many failed.

    Used by `announce` after commit, and by hand to replay an event found in the error log.
    """
    failed = 0
    for listener in listeners_of(type(event)):
        try:
            with transaction.atomic():
                listener(event)
        except Exception:  # noqa: BLE001 - one listener's failure must not hide the others'
            failed += 1
            _report_failure(event, listener)
    return failed


def _report_failure(event: Event, listener: Listener) -> None:
    name = f"{listener.__module__}.{listener.__qualname__}"
    log.exception(
        "event listener %s failed for %s %s; its effect is missing until the event is replayed "
        "or the daily repair run catches up",
        name,
        type(event).__name__,
        _payload(event),
    )
    try:
        audit_record(
            actor=None,
            actor_label="system",
            action="event.failed",
            result="failed",
            region_code=getattr(event, "region_code", ""),
            detail={"event": type(event).__name__, "listener": name, **_payload(event)},
        )
    except Exception:  # noqa: BLE001 - the log line above already carries the failure
        log.exception("could not write the audit row for a failed event listener")


def _payload(event: Event) -> dict[str, Any]:
    return {
        k: str(v) if isinstance(v, Decimal | dt.datetime) else v for k, v in asdict(event).items()
    }
