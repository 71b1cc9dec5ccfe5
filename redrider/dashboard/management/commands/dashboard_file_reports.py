"""`redrider dashboard_file_reports`: file the monthly work report and the ledgers of every
province and prefecture (cron, on the 1st of each month; `--month YYYY-MM` for another)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from redrider.core.errors import DomainError
from redrider.dashboard import reports


class Command(BaseCommand):
    help = "归档各省、市（州）的月度工作报告和指标台账 / file the monthly reports and ledgers"

    def add_arguments(self, parser):
        parser.add_argument("--month", default=None, help="YYYY-MM (default: last month)")
        parser.add_argument(
            "--region", action="append", default=None, help="a region code (repeatable)"
        )

    def handle(self, *args, month, region, **options):
        try:
            filed = reports.file_month(month=month, regions=region, out=self.stdout.write)
        except DomainError as refused:
            raise CommandError(refused.detail) from None
        self.stdout.write(f"filed {filed} documents")
