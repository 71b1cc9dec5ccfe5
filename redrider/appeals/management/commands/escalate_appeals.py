"""`redrider escalate_appeals`: the daily appeal run for cron (escalation, follow-ups, and the
repair of liaison problems whose status should follow their appeal)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from redrider.appeals import services


class Command(BaseCommand):
    help = "Escalate overdue appeals to the parent region and send two-week follow-up questions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-follow-ups",
            action="store_true",
            help="only escalate; do not send follow-up questions",
        )

    def handle(self, *args, **options):
        moved = services.appeals_escalate_overdue()
        self.stdout.write(f"escalated: {moved}")
        if not options["no_follow_ups"]:
            asked = services.appeals_follow_up_send()
            self.stdout.write(f"follow-ups asked: {asked}")
        synced = services.problems_follow_appeals()
        self.stdout.write(f"liaison problems synced: {synced}")
