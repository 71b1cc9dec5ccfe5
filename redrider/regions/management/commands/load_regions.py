from django.core.management.base import BaseCommand

from redrider.regions.loader import regions_load


class Command(BaseCommand):
    help = "Load the GB/T 2260 region tree from the shipped data file."

    def handle(self, *args, **options):
        self.stdout.write(f"{regions_load()} regions added")
