"""Domain events: delivered only after commit, one failing listener never hides the others."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest
from django.db import transaction

from redrider.core.events import Event, announce, deliver, listeners_of, listens
from redrider.core.models import AuditEvent

pytestmark = pytest.mark.django_db

heard: list[tuple[str, int]] = []


@dataclass(frozen=True, slots=True)
class Rang(Event):
    """A test-only event."""

    bell: int
    region_code: str = "510104"


@listens(Rang)
def first(event: Rang) -> None:
    heard.append(("first", event.bell))


@listens(Rang)
def grumpy(event: Rang) -> None:
    if event.bell == 13:
        AuditEvent.objects.create(action="half-done")  # rolled back with the failure
        raise RuntimeError("unlucky")
    heard.append(("grumpy", event.bell))


@listens(Rang)
def last(event: Rang) -> None:
    heard.append(("last", event.bell))


@pytest.fixture(autouse=True)
def _quiet():
    heard.clear()
    yield
    heard.clear()


def test_listeners_register_once_in_order():
    # when a module registers the same function again (a re-import) / then it is listed once
    listens(Rang)(first)
    assert listeners_of(Rang) == [first, grumpy, last]


def test_an_event_is_delivered_after_commit_not_before(django_capture_on_commit_callbacks):
    # when announced inside a transaction that commits
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            announce(Rang(bell=1))
            # then nobody has heard it while the transaction is open
            assert heard == []
    # and everybody after commit, in registration order
    assert heard == [("first", 1), ("grumpy", 1), ("last", 1)]


def test_a_rolled_back_transaction_announces_nothing(django_capture_on_commit_callbacks):
    # when the announcing transaction fails
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ZeroDivisionError):
            with transaction.atomic():
                announce(Rang(bell=2))
                1 / 0  # noqa: B018
    # then
    assert callbacks == [] and heard == []


def test_a_failing_listener_is_logged_audited_and_rolled_back_and_the_others_still_run(caplog):
    # when one listener raises
    with caplog.at_level(logging.ERROR, logger="redrider.events"):
        failed = deliver(Rang(bell=13))
    # then the others ran, its half-done write is gone, and the failure is loud
    assert failed == 1
    assert heard == [("first", 13), ("last", 13)]
    assert not AuditEvent.objects.filter(action="half-done").exists()
    assert "grumpy" in caplog.text and "Rang" in caplog.text and "unlucky" in caplog.text
    row = AuditEvent.objects.get(action="event.failed")
    assert row.result == "failed" and row.region_code == "510104"
    assert row.detail == {
        "event": "Rang",
        "listener": f"{__name__}.grumpy",
        "bell": 13,
        "region_code": "510104",
    }
