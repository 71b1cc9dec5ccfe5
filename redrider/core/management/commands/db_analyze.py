"""`redrider db_analyze`: refresh the database's planner statistics (PostgreSQL `ANALYZE`,
SQLite `PRAGMA optimize`). The schedule runs it nightly; run it after any bulk load (a census
import, `seed_demo`) — without statistics PostgreSQL plans a 106,000-row table as one row
(bench/RESULTS-load.md: the riders list went from 794 ms to 40–76 ms)."""

import time

from django.core.management.base import BaseCommand
from django.db import connection


def refresh_statistics() -> float:
    """ANALYZE the whole database; returns the seconds it took."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
    return time.perf_counter() - started


class Command(BaseCommand):
    help = "刷新数据库的查询规划统计信息 / refresh the planner statistics (ANALYZE)"

    def handle(self, *args, **options):
        self.stdout.write(f"db_analyze: done in {refresh_statistics():.1f} s")
