"""The one builder of rider accounts for every app's tests (appeals, points, activities, the
suite's `rider` fixture): one counter, so two apps' riders in one test never share a phone."""

from __future__ import annotations

import itertools

from redrider.accounts.services import rider_account_create

PASSWORD = "pw-test-1234"
_serial = itertools.count(1)


def make_rider_user(n: int | None = None, *, name: str | None = None, phone: str | None = None):
    """A rider account: phone `phone`, or the synthetic valid mobile 1390nnnnnnn (n from the
    counter unless given), display name `name` or 骑手n, password `PASSWORD`."""
    number = next(_serial) if n is None else n
    return rider_account_create(
        actor=None,
        phone=phone or f"1390{number:07d}",
        password=PASSWORD,
        display_name=name or f"骑手{number}",
    )
