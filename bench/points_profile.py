"""Where a redemption's time goes: queries per redemption and a cProfile of the service.

    .venv/bin/python bench/points_profile.py [--pg postgres://postgres@127.0.0.1:5432] [-n 300]

Creates a throwaway PostgreSQL database `rr_points_profile`, migrates it, funds one rider and puts
an item on offer, then (1) prints every SQL statement of one redemption through the API (test
client, bearer token) captured with `CaptureQueriesContext`, and (2) runs `n` redemptions under
cProfile and prints the top functions by cumulative time. The database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "rr_points_profile"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="30 redemptions")
    args = parser.parse_args()
    if args.quick:
        args.n = 30
    subprocess.run(
        ["psql", f"{args.pg}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"], check=True
    )
    subprocess.run(["psql", f"{args.pg}/postgres", "-qc", f"CREATE DATABASE {DB}"], check=True)
    os.environ.update(DATABASE_URL=f"{args.pg}/{DB}", DJANGO_SETTINGS_MODULE="config.settings.base")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from decimal import Decimal

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    try:
        call_command("migrate", verbosity=0)
        from redrider.accounts.models import User
        from redrider.accounts.services import rider_account_create, token_issue
        from redrider.points.models import EarningRule
        from redrider.points.services import item_create, points_award
        from redrider.points.services.ledger import _fund_open

        admin = User.objects.create(
            username="profile-admin", role="province_admin", scope_code="510000"
        )
        _fund_open(actor=admin, name="profile", region_code="510000", budget_yuan=Decimal(10**7))
        EarningRule.objects.create(code="manual", name="profile", points=1, region_code="510000")
        item = item_create(
            actor=admin, name="profile water", region_code="510104", cost=10, stock=10**6
        )
        rider = rider_account_create(actor=None, phone="13700009999", password=None)
        points_award(
            actor=admin,
            rider_user=rider,
            rule_code="manual",
            source="profile",
            region_code="510104",
            amount=10**5,
            idempotency_key="profile:1",
        )
        token = token_issue(user=rider)
        client = Client()

        def redeem(key: str):
            response = client.post(
                "/api/v1/points/redemptions",
                json.dumps({"item_id": item.pk, "quantity": 1}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
                HTTP_IDEMPOTENCY_KEY=key,
            )
            assert response.status_code == 201, response.content
            return response

        redeem("warm-up")
        with CaptureQueriesContext(connection) as queries:
            redeem("counted")
        print(f"## one redemption through the API: {len(queries)} queries")
        for i, q in enumerate(queries.captured_queries, 1):
            print(f"{i:2d}. {float(q['time']) * 1000:6.2f} ms  {q['sql'][:140]}")
        import time

        started = time.perf_counter()
        for n in range(args.n):
            redeem(f"timed-{n}")
        elapsed = time.perf_counter() - started
        print(
            f"\n## {args.n} redemptions, one client, no profiler: {elapsed / args.n * 1000:.1f} ms each "
            f"({args.n / elapsed:.0f}/s)"
        )
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(args.n):
            redeem(f"profiled-{n}")
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(15)
        stats.sort_stats("cumulative").print_stats("redrider|axes|middleware|auth", 40)
        print(f"\n## cProfile of {args.n} redemptions (cumulative)")
        print(out.getvalue())
    finally:
        connection.close()
        subprocess.run(
            ["psql", f"{args.pg}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"], check=False
        )


if __name__ == "__main__":
    main()
