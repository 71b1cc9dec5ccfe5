"""Benchmark: importing the province's census list (106,000 rows, xlsx) end to end.

Side by side:
  * the platform's import (`redrider.riders.importing.run_import`, commit): streaming read,
    row validation, merge by blind index, bulk writes with batch encryption, one transaction;
  * the naive way: read the same file and save each row through the ORM (validate, look up the
    person, `save()`, `platforms.add()`, one audit row) — run on a sample and extrapolated,
    since the full file would take too long.

Runs on a throwaway SQLite file (or `--database-url postgres://...` for a throwaway PostgreSQL
database that must already exist and be empty). Usage:

    .venv/bin/python bench/riders_import.py [--rows 106000] [--naive-sample 3000]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url: str | None) -> str:
    tmp = tempfile.mkdtemp(prefix="bench-riders-")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def make_file(rows: int, seed: int = 7) -> bytes:
    from openpyxl import Workbook

    from redrider.regions.models import Region
    from redrider.riders import synthetic
    from redrider.riders.importing.columns import COLUMNS, header_text

    rng = random.Random(seed)
    counties = list(
        Region.objects.filter(level="county", code__startswith="51").values_list("code", flat=True)
    )
    weights = synthetic.county_weights(counties)
    platforms = ["美团", "饿了么", "京东秒送", "闪送", "顺丰同城", "UU跑腿"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("骑手名单")
    ws.append([header_text(c) for c in COLUMNS])
    picks = rng.choices(counties, weights=weights, k=rows)
    for i in range(rows):
        county = picks[i]
        ws.append(
            [
                synthetic.name(rng),
                synthetic.id_number(i, rng),
                synthetic.phone(i),
                county,
                rng.choices(platforms, weights=[45, 35, 8, 4, 4, 4])[0],
                "众包" if rng.random() < 0.55 else "专送",
                f"{county}配送服务有限公司{i % 7}",
                f"站点{i % 40}",
                f"202{rng.randint(2, 5)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "在岗",
                "",
                "中共党员" if rng.random() < 0.007 else "群众",
                "否",
                "",
                rng.randint(0, 24),
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def naive_import(data: bytes, limit: int) -> int:
    """Per-row ORM: what a first implementation does. Same validation, one save per row."""
    from django.db import transaction
    from openpyxl import load_workbook

    from redrider.accounts.phone import normalise_phone
    from redrider.core.audit import audit_record
    from redrider.regions.models import Region
    from redrider.riders.identity import check_id_number, id_index, name_index, phone_index
    from redrider.riders.models import Company, Platform, Rider

    wb = load_workbook(io.BytesIO(data), read_only=True)
    rows = wb.worksheets[0].iter_rows(values_only=True)
    next(rows)
    done = 0
    with transaction.atomic():
        for values in rows:
            if done >= limit:
                break
            name, idn, phone, county, platform, kind, company, site, joined = values[:9]
            facts = check_id_number(idn)
            phone = normalise_phone(phone)
            region = Region.objects.get(code=county, level="county")
            plat = Platform.objects.get(name=platform)
            comp, _ = Company.objects.get_or_create(
                region_code=region.code, kind="third_party", name=company
            )
            st, _ = Company.objects.get_or_create(
                region_code=region.code, kind="delivery_site", name=site
            )
            rider = Rider.objects.filter(id_index=id_index(facts.number)).first() or Rider()
            rider.region_code, rider.name, rider.id_number, rider.phone = (
                region.code,
                name,
                facts.number,
                phone,
            )
            rider.id_index, rider.phone_index, rider.name_index = (
                id_index(facts.number),
                phone_index(phone),
                name_index(name),
            )
            rider.gender, rider.birth_year = facts.gender, facts.birth_year
            rider.kind = "crowd" if kind == "众包" else "full_time"
            rider.company, rider.site = comp, st
            rider.save()
            rider.platforms.add(plat)
            audit_record(actor=None, action="rider.import_create", obj=rider)
            done += 1
    wb.close()
    return done


def wipe() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        for table in (
            "riders_rider_platforms",
            "riders_rider",
            "riders_company",
            "core_auditevent",
        ):
            cur.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=106_000)
    parser.add_argument("--naive-sample", type=int, default=3_000)
    parser.add_argument("--database-url", help="an existing, empty database")
    parser.add_argument(
        "--postgres",
        help="a PostgreSQL server URL: a throwaway database is created "
        "on it for the run and dropped afterwards, e.g. postgres://postgres@127.0.0.1:5432/postgres",
    )
    parser.add_argument("--quick", action="store_true", help="5,000 rows, 300-row naive sample")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.naive_sample = 5_000, 300
    dropper = None
    if args.postgres:
        args.database_url, dropper = throwaway_postgres(args.postgres)
    try:
        run(args)
    finally:
        if dropper:
            dropper()


def throwaway_postgres(server_url: str):
    import psycopg

    name = f"bench_riders_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = server_url.rsplit("/", 1)[0]

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return f"{base}/{name}", drop


def run(args) -> None:
    url = setup(args.database_url)
    from django.db import connection

    from redrider.riders.importing import run_import
    from redrider.riders.models import Rider

    print(f"database: {connection.vendor} ({url.split('@')[-1]})")
    started = time.perf_counter()
    data = make_file(args.rows)
    print(
        f"generated {args.rows:,} rows: {len(data) / 1e6:.1f} MB xlsx in {time.perf_counter() - started:.1f}s"
    )

    # Each phase's time runs from the previous progress report to its own last report.
    phases: dict[str, float] = {}
    last = {"t": time.perf_counter()}

    def progress(phase, done, total):
        now = time.perf_counter()
        phases[phase] = phases.get(phase, 0.0) + now - last["t"]
        last["t"] = now

    t0, c0 = time.perf_counter(), time.process_time()
    last["t"] = t0
    outcome = run_import(
        data, "bench.xlsx", actor=None, scope_code="510000", commit=True, progress=progress
    )
    fast, fast_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert outcome.status == "done", outcome.errors[:5]
    count = Rider.objects.count()
    print(
        f"platform import: {outcome.summary} → {count:,} riders in {fast:.1f}s wall, "
        f"{fast_cpu:.1f}s CPU of this process "
        f"({args.rows / fast:,.0f} rows/s; phases: "
        + ", ".join(f"{k} {v:.1f}s" for k, v in phases.items())
        + ")"
    )

    wipe()
    t0, c0 = time.perf_counter(), time.process_time()
    n = naive_import(data, args.naive_sample)
    naive, naive_cpu = time.perf_counter() - t0, time.process_time() - c0
    projected = naive / n * args.rows
    projected_cpu = naive_cpu / n * args.rows
    print(
        f"naive per-row ORM: {n:,} rows in {naive:.1f}s wall, {naive_cpu:.1f}s CPU "
        f"({n / naive:,.0f} rows/s) → projected {projected:.0f}s wall, {projected_cpu:.0f}s CPU "
        f"for {args.rows:,} rows"
    )
    print(f"speed-up: {projected / fast:.1f}× wall, {projected_cpu / fast_cpu:.1f}× CPU")
    print(f"load average during run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
