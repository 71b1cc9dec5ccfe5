"""The cockpit's part of `seed_demo`: the national scale's bulk data (national.py) and, last of
all, the rollups counted from whatever the other apps seeded."""

from __future__ import annotations

import time

from django.db import connection

from redrider.core.errors import DomainError

from . import national, rollups


def check_database(ctx) -> None:
    """The national scale is built in PostgreSQL's SQL (generate_series): refuse it elsewhere
    before anything is written."""
    if ctx.scale == "national" and connection.vendor != "postgresql":
        raise DomainError(
            "national_needs_postgresql",
            "全国规模的演示数据需要 PostgreSQL（设置 DATABASE_URL）",
            "the national scale needs PostgreSQL (set DATABASE_URL)",
        )


def national_riders(ctx) -> None:
    if ctx.scale == "national":
        national.riders(ctx)


def national_checkins(ctx) -> None:
    if ctx.scale == "national":
        national.checkins(ctx)


def national_ledger(ctx) -> None:
    if ctx.scale == "national":
        national.ledger(ctx)


def build_rollups(ctx) -> None:
    started = time.perf_counter()
    counts = rollups.rebuild(out=ctx.log)
    ctx.log(
        f"dashboard: rollups rebuilt ({counts['daily']:,} daily rows, {counts['total']:,} "
        f"totals) in {time.perf_counter() - started:.1f}s"
    )


SEEDS = [
    (1, check_database),
    (200, national_riders),
    (201, national_checkins),
    (202, national_ledger),
    (990, build_rollups),
]
