"""Rollups of the additive indicators per stored region code and day, kept current.

Three tables (models.py): `DailyFigure` (key, region code, day), `Total` (the same summed over
each node of the tree — county, prefecture, province, country — per day and per month) and
`PendingChange` (a table and a region some write touched, marked by a database trigger in the
write's own transaction, see triggers.py).

* `rebuild()` recounts everything from the rows (after a bulk seed; any time).
* `refresh()` folds the pending changes in: each marked region is recounted from the rows for
  the indicators of the marked table, and the difference is added to every node above it.
  The `dashboard_refresh` command (cron, every minute) and the `rollups_refresh` task run it.
* Reads (`reader`, `monthly`) sum `Total` rows and correct, in the same snapshot, for the
  regions still marked: each such region's figure is recounted from the rows. So a figure is
  always what a direct count gives, however long ago the last refresh ran.

Every count comes from the indicator's one definition (`Tally.daily`), so the rollups cannot
define a key differently from the direct count.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q, Sum

from redrider.core.scoping import NATIONAL_CODE
from redrider.regions import tree
from redrider.regions.figures import STOCK, Number, Period, Tally, tidy

from . import registry
from .models import DailyFigure, Grain, Lineage, PendingChange, Total

log = logging.getLogger("redrider.dashboard")

LOCK_KEY = 0x5244_4153  # "RDAS": one rollup writer at a time (PostgreSQL advisory lock)
BATCH = 5000


# --- periods -------------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _month_end(day: dt.date) -> dt.date:
    return next_month(day) - dt.timedelta(days=1)


def _previous_month(first: dt.date) -> dt.date:
    return month_start(first - dt.timedelta(days=1))


def total_filter(period: Period) -> Q:
    """`Total` rows that add up to `period`: whole months as month rows, the days at either
    edge as day rows (so a year reads about 12 rows, not 365)."""
    a, b = period.start, period.end
    if a is None and b is None:
        return Q(grain=Grain.MONTH)
    lo = None if a is None else (a if a.day == 1 else next_month(a))
    hi = (
        None
        if b is None
        else (month_start(b) if b == _month_end(b) else _previous_month(month_start(b)))
    )
    if lo is not None and hi is not None and lo > hi:
        return Q(grain=Grain.DAY, period__gte=a, period__lte=b)
    months = Q(grain=Grain.MONTH)
    if lo is not None:
        months &= Q(period__gte=lo)
    if hi is not None:
        months &= Q(period__lte=hi)
    q = months
    if a is not None and lo is not None and a != lo:
        q |= Q(grain=Grain.DAY, period__gte=a, period__lt=lo)
    if b is not None and hi is not None and b != _month_end(hi):
        q |= Q(grain=Grain.DAY, period__gt=_month_end(hi), period__lte=b)
    return q


def _effective(tally: Tally, period: Period) -> Period:
    return period.for_stock() if tally.period == STOCK else period


def _in(period: Period, day: dt.date) -> bool:
    return (period.start is None or day >= period.start) and (
        period.end is None or day <= period.end
    )


# --- numbers -------------------------------------------------------------------------------


# --- the lineage of a stored region code -----------------------------------------------------


def nodes_of(code: str) -> list[str]:
    """The nodes a row stored with `code` adds to: itself, its ancestors, the country."""
    if code == NATIONAL_CODE:
        return [code]
    return [code, *tree.ancestors(code), NATIONAL_CODE]


# --- snapshots and the writer's lock ----------------------------------------------------------


@contextlib.contextmanager
def snapshot():
    """One consistent view for a read made of several queries (PostgreSQL: REPEATABLE READ).
    Inside an outer transaction the outer one's view is used as it is."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


@contextlib.contextmanager
def writing():
    """The one rollup writer: a session lock taken *before* the transaction starts (so the
    writer's snapshot is taken after the previous writer committed), then a REPEATABLE READ
    transaction on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers anyway."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


# --- recounting --------------------------------------------------------------------------------


def _tallies_touched(pairs: Iterable[tuple[str, str]]) -> dict[Tally, set[str]]:
    """Which regions of which tallies the pending (table, region) pairs invalidate."""
    by_table: dict[str, set[str]] = defaultdict(set)
    for source, code in pairs:
        by_table[source].add(code)
    out: dict[Tally, set[str]] = {}
    for tally in registry.tallies():
        codes = set().union(*(by_table.get(t, set()) for t in tally.tables()))
        if codes:
            out[tally] = codes
    return out


def _deltas(tally: Tally, codes: Iterable[str]) -> tuple[dict, dict]:
    """(new values, change) per (region code, day) for `codes`: the rows recounted against
    what `DailyFigure` holds."""
    codes = sorted(codes)
    new: dict[tuple[str, dt.date], float] = {}
    for chunk in _chunks(codes, 500):
        for row in tally.daily(chunk):
            code, day, value = row["figure_region"], row["figure_day"], row["figure_value"]
            if code is not None and day is not None and value:
                new[(code, _as_date(day))] = float(value)
    old: dict[tuple[str, dt.date], float] = {}
    for chunk in _chunks(codes, 500):
        for code, day, value in DailyFigure.objects.filter(
            key=tally.key, region_code__in=chunk
        ).values_list("region_code", "day", "value"):
            old[(code, day)] = value
    change = {
        k: new.get(k, 0.0) - old.get(k, 0.0)
        for k in set(new) | set(old)
        if new.get(k, 0.0) != old.get(k, 0.0)
    }
    return new, change


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _add_to_totals(key: str, change: dict) -> None:
    """Add each (code, day) change to the day and month rows of every node above the code."""
    add: dict[tuple[str, str, dt.date], float] = defaultdict(float)
    for (code, day), delta in change.items():
        for node in nodes_of(code):
            add[(node, Grain.DAY, day)] += delta
            add[(node, Grain.MONTH, month_start(day))] += delta
    rows = [(key, node, grain, period, value) for (node, grain, period), value in add.items()]
    sql = (
        "INSERT INTO dashboard_total (key, node, grain, period, value) VALUES (%s, %s, %s, %s, %s) "
        "ON CONFLICT (node, key, grain, period) DO UPDATE SET value = dashboard_total.value + "
        "excluded.value"
    )
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, BATCH):
            cursor.executemany(sql, chunk)


def _recount(tally: Tally, codes: set[str]) -> int:
    new, change = _deltas(tally, codes)
    if not change:
        return 0
    touched = sorted({code for code, _day in change})
    for chunk in _chunks(touched, 500):
        DailyFigure.objects.filter(key=tally.key, region_code__in=chunk).delete()
    DailyFigure.objects.bulk_create(
        [
            DailyFigure(key=tally.key, region_code=code, day=day, value=value)
            for (code, day), value in new.items()
            if code in set(touched)
        ],
        batch_size=BATCH,
    )
    _add_to_totals(tally.key, change)
    return len(change)


def refresh(*, limit: int = 20_000) -> int:
    """Fold up to `limit` pending changes into the rollups; returns how many were folded."""
    with writing():
        pending = list(
            PendingChange.objects.order_by("id").values_list("id", "source", "region_code")[:limit]
        )
        if not pending:
            return 0
        plan = _tallies_touched((source, code) for _id, source, code in pending)
        for tally, codes in plan.items():
            _recount(tally, codes)
        ids = [row[0] for row in pending]
        for chunk in _chunks(ids, BATCH):
            PendingChange.objects.filter(id__in=chunk).delete()
    return len(pending)


def refresh_all() -> int:
    """`refresh()` until nothing is pending."""
    folded = 0
    while n := refresh():
        folded += n
    return folded


# --- rebuilding from scratch --------------------------------------------------------------------


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', CAST({column} AS timestamp)) AS date)"
    return f"date({column}, 'start of month')"


def rebuild(*, out=None) -> dict[str, int]:
    """Recount every rollup from the rows; returns rows written per table."""
    say = out or (lambda message: None)
    with writing():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM dashboard_dailyfigure")
            cursor.execute("DELETE FROM dashboard_total")
            for tally in registry.tallies():
                # The tally's own grouped query (ORM-built SQL and its parameters) feeds the insert.
                sql, params = tally.daily().query.sql_with_params()
                insert = (
                    "INSERT INTO dashboard_dailyfigure (key, region_code, day, value) "  # noqa: S608
                    f"SELECT %s, q.figure_region, q.figure_day, q.figure_value FROM ({sql}) q "
                    "WHERE q.figure_region IS NOT NULL AND q.figure_day IS NOT NULL "
                    "AND q.figure_value <> 0"
                )
                cursor.execute(insert, [tally.key, *params])
                say(f"  {tally.key}: {cursor.rowcount} rows")
        _rebuild_lineage()
        with connection.cursor() as cursor:
            for grain, period in ((Grain.DAY, "f.day"), (Grain.MONTH, _month_sql("f.day"))):
                # `period` is one of two constant expressions.
                insert = (
                    "INSERT INTO dashboard_total (key, node, grain, period, value) "  # noqa: S608
                    f"SELECT f.key, l.node, %s, {period}, SUM(f.value) "
                    "FROM dashboard_dailyfigure f "
                    "JOIN dashboard_lineage l ON l.region_code = f.region_code "
                    f"GROUP BY f.key, l.node, {period}"
                )
                cursor.execute(insert, [grain.value])
        # The rows were counted in this transaction's snapshot: every change marked before it
        # is in them. Later marks (not visible here) stay for the next refresh.
        PendingChange.objects.all().delete()
    counts = {
        "daily": DailyFigure.objects.count(),
        "total": Total.objects.count(),
    }
    say(f"  rollups: {counts['daily']} daily rows, {counts['total']} totals")
    return counts


def _rebuild_lineage() -> None:
    Lineage.objects.all().delete()
    codes = set(tree.tree()) | set(
        DailyFigure.objects.order_by().values_list("region_code", flat=True).distinct()
    )
    Lineage.objects.bulk_create(
        [Lineage(region_code=code, node=node) for code in sorted(codes) for node in nodes_of(code)],
        batch_size=BATCH,
    )


# --- reading --------------------------------------------------------------------------------


def _pending_pairs() -> set[tuple[str, str]]:
    return set(PendingChange.objects.order_by().values_list("source", "region_code").distinct())


def _child(code: str, nodes: list[str]) -> str | None:
    return (
        nodes[0] if len(nodes) == 1 and tree.within(code, nodes[0]) else tree.child_of(code, nodes)
    )


def reader(*, period: Period):
    """A function `(tallies, nodes) → {node: {key: value}}` answering additive tallies from the
    rollups, exactly (see the module's docstring)."""

    def read(tallies: list[Tally], nodes: list[str]) -> dict[str, dict[str, Number]]:
        out: dict[str, dict[str, Number]] = {n: {t.key: 0 for t in tallies} for n in nodes}
        with snapshot():
            by_period: dict[Period, list[Tally]] = defaultdict(list)
            for tally in tallies:
                by_period[_effective(tally, period)].append(tally)
            for effective, group in by_period.items():
                rows = (
                    Total.objects.filter(node__in=nodes, key__in=[t.key for t in group])
                    .filter(total_filter(effective))
                    .order_by()
                    .values("node", "key")
                    .annotate(v=Sum("value"))
                )
                for row in rows:
                    out[row["node"]][row["key"]] = row["v"] or 0
            plan = _tallies_touched(_pending_pairs())
            for tally in tallies:
                codes = {c for c in plan.get(tally, ()) if _child(c, nodes) is not None}
                if not codes:
                    continue
                effective = _effective(tally, period)
                _new, change = _deltas(tally, codes)
                for (code, day), delta in change.items():
                    if _in(effective, day):
                        node = _child(code, nodes)
                        out[node][tally.key] += delta  # type: ignore[index,operator]
        return {n: {k: tidy(v) for k, v in values.items()} for n, values in out.items()}

    return read


def monthly(*, user, code: str, months: list[str], chosen: list) -> dict[str, list[Number]]:
    """The rolled-up tallies among `chosen` month by month for one node: a flow tally the
    month's sum, a stock tally its level at the month's end. Others are left to the caller."""
    tallies = [i for i in chosen if isinstance(i, Tally) and i.rolled]
    if not tallies:
        return {}
    firsts = [dt.date(int(m[:4]), int(m[5:]), 1) for m in months]
    index = {first: i for i, first in enumerate(firsts)}
    series: dict[str, list[float]] = {t.key: [0.0] * len(months) for t in tallies}
    before: dict[str, float] = defaultdict(float)
    with snapshot():
        rows = (
            Total.objects.filter(node=code, key__in=list(series), grain=Grain.MONTH)
            .filter(period__lte=firsts[-1])
            .values_list("key", "period", "value")
        )
        for key, first, value in rows:
            if first in index:
                series[key][index[first]] += value
            elif first < firsts[0]:
                before[key] += value
        plan = _tallies_touched(_pending_pairs())
        for tally in tallies:
            codes = {c for c in plan.get(tally, ()) if tree.within(c, code)}
            if not codes:
                continue
            _new, change = _deltas(tally, codes)
            for (_code, day), delta in change.items():
                first = month_start(day)
                if first in index:
                    series[tally.key][index[first]] += delta
                elif first < firsts[0]:
                    before[tally.key] += delta
    out: dict[str, list[Number]] = {}
    for tally in tallies:
        values = series[tally.key]
        if tally.period == STOCK:
            running = before[tally.key]
            levels = []
            for value in values:
                running += value
                levels.append(running)
            values = levels
        out[tally.key] = [tidy(v) for v in values]
    return out


def is_built() -> bool:
    """Rollups answer reads once built (`rebuild` writes the lineage); before, the figures
    are read from the rows."""
    return Lineage.objects.exists()
