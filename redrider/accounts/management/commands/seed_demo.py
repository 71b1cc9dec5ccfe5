"""`redrider seed_demo`: every app's demo data (core/demo.py finds each seeding.py) and the demo
accounts. It lives with the accounts because it checks for and lists the demo accounts."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from redrider.accounts.models import User
from redrider.core.demo import SCALES, SeedContext, run_all
from redrider.core.errors import DomainError


class Command(BaseCommand):
    help = "Build deterministic demo data (synthetic people) and the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="small")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--password", default="redrider-demo")
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="national scale only: build this fraction of its bulk rows (a trial run)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (but list the accounts) when demo data exists",
        )

    def handle(self, *args, scale, seed, password, if_empty, fraction=1.0, **options):
        if not settings.DEBUG and not getattr(settings, "ALLOW_DEMO_DATA", True):
            raise CommandError("demo data is not allowed with these settings")
        if User.objects.filter(username="demo-province").exists():
            if if_empty:
                self.stdout.write("Demo data already present.")
                self._print_accounts(password_hint="(the password given when it was seeded)")
                return
            raise CommandError("demo data already present: use a fresh database")
        if not 0 < fraction <= 1:
            raise CommandError("--fraction must be in (0, 1]")
        ctx = SeedContext(scale=scale, seed=seed, password=password, out=self.stdout)
        ctx.shared["national_fraction"] = fraction
        self.stdout.write(f"Seeding demo data: scale={scale} seed={seed}")
        try:
            run_all(ctx)
        except DomainError as refused:
            raise CommandError(refused.detail) from None
        # A bulk load leaves the planner without statistics (autovacuum may be off or late):
        # without them the first lists of 106,000 riders take seconds (bench/RESULTS-load.md).
        from redrider.core.management.commands.db_analyze import refresh_statistics

        self.stdout.write(f"Planner statistics refreshed in {refresh_statistics():.1f} s")
        self._print_accounts(password_hint=password)

    def _print_accounts(self, password_hint: str) -> None:
        self.stdout.write(f"\nDemo accounts (password: {password_hint}):")
        for user in User.objects.filter(username__startswith="demo-").order_by("id"):
            self.stdout.write(
                f"  {user.username:<18} {user.get_role_display():<10} {user.scope_code}"
            )
        self.stdout.write("  demo-rider can also sign in with phone 13800000001.\n")
