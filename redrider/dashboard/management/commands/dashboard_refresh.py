"""`redrider dashboard_refresh`: fold the marked writes into the cockpit's rollups (cron, every
minute), or `--rebuild` them from the rows."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from redrider.dashboard import rollups


class Command(BaseCommand):
    help = "把待处理的写入并入指标汇总 / fold pending changes into the indicator rollups"

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recount every rollup")

    def handle(self, *args, rebuild: bool, **options):
        started = time.perf_counter()
        if rebuild or not rollups.is_built():
            counts = rollups.rebuild(out=self.stdout.write)
            self.stdout.write(f"rebuilt: {counts} in {time.perf_counter() - started:.1f}s")
            return
        folded = rollups.refresh_all()
        self.stdout.write(f"folded {folded} changes in {time.perf_counter() - started:.1f}s")
