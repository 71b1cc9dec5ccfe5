from django.core.management.base import BaseCommand, CommandError

from redrider.core.errors import DomainError
from redrider.stations.services import checkins_anonymise


class Command(BaseCommand):
    help = "Apply the location retention: check-ins older than it no longer name their rider (daily, from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="override settings.LOCATION_RETENTION_DAYS"
        )

    def handle(self, *args, days, **options):
        try:
            count = checkins_anonymise(older_than_days=days)
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        self.stdout.write(f"{count} check-ins anonymised")
