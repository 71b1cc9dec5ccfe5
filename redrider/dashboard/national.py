"""`seed_demo --scale national`: the whole country at the size the cockpit must answer for.

On top of the Sichuan demo and the ~400,000 synthetic stations (stations.seeding), in SQL on
PostgreSQL (`generate_series`, one statement per million rows, never the ORM row by row):

* ~10 million synthetic riders across every county of China, heavier in urban districts,
  joined over the last three years — with no personal fields at all (no name, ID number or
  phone: empty columns; `id_index` is `syn:<n>`, `source` is `seed`);
* ~20 million check-ins at the synthetic stations over the last 60 days (no rider: like
  check-ins past the location retention);
* ~5 million ledger transactions (awards, some reversed, redemptions) with their ~10 million
  entries, paid by one synthetic fund into one pooled account per province, balances cached
  exactly as the ledger check expects.

Deterministic for `--seed` (PostgreSQL's `setseed`, no parallel workers). Writes are not marked
for the rollups one by one (`redrider.rollups_off`); the last seeding step rebuilds them.
"""

from __future__ import annotations

import contextlib
import time
from decimal import Decimal

from django.db import connection

from redrider.regions.models import Region

RIDERS = 10_000_000
CHECKINS = 20_000_000
AWARDS = 4_500_000
REDEMPTIONS = 500_000
CHUNK = 1_000_000
YEARS = 3


class Progress:
    """Logs a step's rows and rate as it goes."""

    def __init__(self, ctx, name: str, total: int):
        self.ctx, self.name, self.total = ctx, name, total
        self.started = time.perf_counter()

    def tick(self, done: int) -> None:
        spent = time.perf_counter() - self.started
        rate = done / spent if spent else 0
        self.ctx.log(
            f"    {self.name}: {done:,}/{self.total:,} ({100 * done / self.total:.0f}%) "
            f"in {spent:.0f}s, {rate:,.0f} rows/s"
        )


def scaled(ctx, n: int) -> int:
    """Sizes shrink with `ctx.shared["national_fraction"]` (a test seeds a sliver)."""
    return max(1, int(n * ctx.shared.get("national_fraction", 1.0)))


@contextlib.contextmanager
def bulk(seed: int, tables: list[str]):
    """A cursor for one bulk step, in its transaction: the tables' secondary indexes dropped and
    rebuilt at the end (one sort per index instead of ten million insertions into each), their
    rollup triggers off (the last seeding step rebuilds the rollups), and one order of random()
    from `setseed`. A failure rolls all of it back."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000.0])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        indexes = []
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = ANY(%s) AND t.tgname = 'rollup_' || c.relname || '_ins'",
            [tables],
        )
        watched = [row[0] for row in cursor.fetchall()]
        for table in watched:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER rollup_{table}_ins")
        for table in tables:
            # Indexes that back no constraint (primary and unique keys stay).
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [table],
            )
            indexes += cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # Foreign keys too: re-adding one checks every row in one join, where keeping it checks
        # each inserted row on its own at commit.
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        foreign = cursor.fetchall()
        for table, name, _definition in foreign:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield cursor
        started = time.perf_counter()
        # Foreign keys are checked at commit; a table with checks pending cannot be altered or
        # indexed, so they are checked now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for table in watched:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER rollup_{table}_ins")
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        bulk.indexing = time.perf_counter() - started  # type: ignore[attr-defined]


def _counties() -> list[str]:
    """Every county code, urban districts three times (riders work where orders are)."""
    out = []
    for code, name in (
        Region.objects.filter(level="county").order_by("code").values_list("code", "name")
    ):
        out += [code] * (3 if name.endswith("区") else 1)
    return out


def riders(ctx) -> None:
    total = scaled(ctx, RIDERS)
    codes = _counties()
    progress = Progress(ctx, "riders", total)
    with bulk(ctx.seed, ["riders_rider"]) as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM riders_rider")
        (start,) = cursor.fetchone()
        done = 0
        while done < total:
            size = min(CHUNK, total - done)
            cursor.execute(
                """
                INSERT INTO riders_rider (
                    created_at, updated_at, region_code, name, id_number, phone, name_index,
                    id_index, phone_index, gender, birth_year, kind, status, joined_on, left_on,
                    political_status, mobile_party_member, community_organisation,
                    housing_fund_months, consent_version, consent_channel, source)
                SELECT s.at, s.at, (%(codes)s::text[])[1 + floor(random() * %(n)s)::int],
                    '', '', '', '', 'syn:' || s.g, '',
                    CASE WHEN random() < 0.9 THEN 'male' ELSE 'female' END,
                    1970 + floor(random() * 35)::int,
                    CASE WHEN random() < 0.6 THEN 'crowd' ELSE 'full_time' END,
                    CASE WHEN s.left THEN 'left' ELSE 'active' END,
                    (s.at AT TIME ZONE 'Asia/Shanghai')::date,
                    CASE WHEN s.left THEN (s.at AT TIME ZONE 'Asia/Shanghai')::date + 90 END,
                    CASE WHEN random() < 0.007 THEN 'member' ELSE 'masses' END,
                    false, '', 0, '', '', 'seed'
                FROM (
                    SELECT g, now() - random() * interval '%(days)s days' AS at,
                        random() < 0.12 AS left
                    FROM generate_series(%(lo)s, %(hi)s) g
                ) s
                """,
                {
                    "codes": codes,
                    "n": len(codes),
                    "days": 365 * YEARS,
                    "lo": start + done + 1,
                    "hi": start + done + size,
                },
            )
            done += size
            progress.tick(done)
    ctx.log(f"    riders: indexes rebuilt in {bulk.indexing:.0f}s")  # type: ignore[attr-defined]


def checkins(ctx) -> None:
    total = scaled(ctx, CHECKINS)
    progress = Progress(ctx, "check-ins", total)
    with bulk(ctx.seed + 1, ["stations_checkin"]) as cursor:
        cursor.execute("SELECT min(id), max(id), count(*) FROM stations_station WHERE is_synthetic")
        lo, hi, count = cursor.fetchone()
        if not count:
            ctx.log("    check-ins: no synthetic stations")
            return
        # bulk_create gives the synthetic stations consecutive ids; a gap would skew nothing
        # but the spread, and is reported.
        if hi - lo + 1 != count:
            ctx.log(f"    check-ins: synthetic station ids have gaps ({count} of {hi - lo + 1})")
        done = 0
        while done < total:
            size = min(CHUNK, total - done)
            cursor.execute(
                """
                INSERT INTO stations_checkin (station_id, rider_id, at, day)
                SELECT s.station_id, NULL, s.at, (s.at AT TIME ZONE 'Asia/Shanghai')::date
                FROM (
                    SELECT %(lo)s + floor(random() * %(span)s)::bigint AS station_id,
                        now() - random() * interval '60 days' AS at
                    FROM generate_series(1, %(size)s)
                ) s
                JOIN stations_station st ON st.id = s.station_id
                """,
                {"lo": lo, "span": hi - lo + 1, "size": size},
            )
            done += size
            progress.tick(done)
    ctx.log(f"    check-ins: indexes rebuilt in {bulk.indexing:.0f}s")  # type: ignore[attr-defined]


def ledger(ctx) -> None:
    """Awards from one synthetic fund into a pooled account per province; 2% reversed; some
    redemptions into the redemption sink. Balances cached as the ledger keeps them."""
    from redrider.points.models import Account
    from redrider.points.services.ledger import _fund_open, system_account

    awards, redemptions = scaled(ctx, AWARDS), scaled(ctx, REDEMPTIONS)
    budget_points = awards * 60
    fund = _fund_open(
        actor=None,
        name="合成全国积分基金",
        region_code="000000",
        budget_yuan=Decimal(budget_points) / 10,
    )
    provinces = list(Region.objects.filter(level="province").values_list("code", flat=True))
    pools = {
        code[:2]: Account.objects.create(
            kind="rider", code=f"synthetic:pool:{code[:2]}", name=f"合成骑手积分池{code[:2]}"
        ).pk
        for code in provinces
    }
    sink = system_account("redemption").pk
    codes = _counties()
    progress = Progress(ctx, "ledger transactions", awards + awards // 50 + redemptions)
    with bulk(ctx.seed + 2, ["points_transaction", "points_entry"]) as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE synthetic_pool (prefix text PRIMARY KEY, account bigint) "
            "ON COMMIT DROP"
        )
        cursor.executemany("INSERT INTO synthetic_pool VALUES (%s, %s)", list(pools.items()))
        cursor.execute("SELECT coalesce(max(id), 0) FROM points_transaction")
        (start,) = cursor.fetchone()
        done = 0
        while done < awards:
            size = min(CHUNK, awards - done)
            _awards(cursor, codes, fund.account_id, start, done, size)
            done += size
            progress.tick(done)
        first, last = start + 1, start + awards
        _reversals(cursor, fund.account_id, first, last)
        done += awards // 50
        progress.tick(done)
        _redemptions(cursor, codes, sink, redemptions)
        done += redemptions
        progress.tick(done)
        # The cached balances, as points.services.ledger keeps them.
        cursor.execute(
            "UPDATE points_account a SET balance = coalesce(("
            "SELECT sum(e.amount) FROM points_entry e WHERE e.account_id = a.id), 0) "
            "WHERE a.id = ANY(%s)",
            [[fund.account_id, *pools.values()]],
        )
    sequences()


def _awards(cursor, codes, fund_account, start, done, size) -> None:
    lo, hi = start + done + 1, start + done + size
    cursor.execute(
        """
        INSERT INTO points_transaction (id, created_at, updated_at, region_code, kind,
            rule_code, source, memo, amount, confidential)
        SELECT g, s.at, s.at, (%(codes)s::text[])[1 + floor(random() * %(n)s)::int], 'award',
            'activity_checkin', 'synthetic', '', (1 + floor(random() * 6))::int * 10, false
        FROM (SELECT g, now() - random() * interval '730 days' AS at
              FROM generate_series(%(lo)s, %(hi)s) g) s
        """,
        {"codes": codes, "n": len(codes), "lo": lo, "hi": hi},
    )
    _entries(cursor, fund_account, lo, hi, sign=1)


def _entries(cursor, fund_account, lo, hi, *, sign: int) -> None:
    """Two entries per transaction lo..hi: the fund pays (sign 1) or is paid back (-1)."""
    cursor.execute(
        """
        INSERT INTO points_entry (amount, created_at, account_id, transaction_id)
        SELECT -%(sign)s * t.amount, t.created_at, %(fund)s, t.id
        FROM points_transaction t WHERE t.id BETWEEN %(lo)s AND %(hi)s
        UNION ALL
        SELECT %(sign)s * t.amount, t.created_at, p.account, t.id
        FROM points_transaction t JOIN synthetic_pool p ON p.prefix = substr(t.region_code, 1, 2)
        WHERE t.id BETWEEN %(lo)s AND %(hi)s
        """,
        {"sign": sign, "fund": fund_account, "lo": lo, "hi": hi},
    )


def _reversals(cursor, fund_account, first, last) -> None:
    cursor.execute("SELECT coalesce(max(id), 0) FROM points_transaction")
    (start,) = cursor.fetchone()
    cursor.execute(
        """
        INSERT INTO points_transaction (id, created_at, updated_at, region_code, kind,
            rule_code, source, memo, amount, confidential, reverses_id)
        SELECT %(start)s + row_number() OVER (ORDER BY t.id), t.created_at, t.created_at,
            t.region_code, 'reversal', t.rule_code, t.source, '重复发放冲正', t.amount, false,
            t.id
        FROM points_transaction t
        WHERE t.id BETWEEN %(first)s AND %(last)s AND t.id %% 50 = 0
        """,
        {"start": start, "first": first, "last": last},
    )
    cursor.execute("SELECT coalesce(max(id), 0) FROM points_transaction")
    (end,) = cursor.fetchone()
    if end > start:
        _entries(cursor, fund_account, start + 1, end, sign=-1)


def _redemptions(cursor, codes, sink, count) -> None:
    cursor.execute("SELECT coalesce(max(id), 0) FROM points_transaction")
    (start,) = cursor.fetchone()
    cursor.execute(
        """
        INSERT INTO points_transaction (id, created_at, updated_at, region_code, kind,
            rule_code, source, memo, amount, confidential)
        SELECT g, s.at, s.at, (%(codes)s::text[])[1 + floor(random() * %(n)s)::int],
            'redemption', '', 'synthetic', '', 5, false
        FROM (SELECT g, now() - random() * interval '365 days' AS at
              FROM generate_series(%(lo)s, %(hi)s) g) s
        """,
        {"codes": codes, "n": len(codes), "lo": start + 1, "hi": start + count},
    )
    cursor.execute(
        """
        INSERT INTO points_entry (amount, created_at, account_id, transaction_id)
        SELECT -t.amount, t.created_at, p.account, t.id
        FROM points_transaction t JOIN synthetic_pool p ON p.prefix = substr(t.region_code, 1, 2)
        WHERE t.id BETWEEN %(lo)s AND %(hi)s
        UNION ALL
        SELECT t.amount, t.created_at, %(sink)s, t.id
        FROM points_transaction t WHERE t.id BETWEEN %(lo)s AND %(hi)s
        """,
        {"sink": sink, "lo": start + 1, "hi": start + count},
    )


def sequences() -> None:
    """Explicit ids were given: move the id sequences past them."""
    with connection.cursor() as cursor:
        for table in ("points_transaction",):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
