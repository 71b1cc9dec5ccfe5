"""Write docs/permissions.md from the policy (or check that it is current with --check)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from redrider.accounts.policy import render_markdown


class Command(BaseCommand):
    help = "Render the role × action permissions matrix into docs/permissions.md"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail when the file is stale")

    def handle(self, *args, check: bool = False, **options):
        path = Path(settings.BASE_DIR) / "docs" / "permissions.md"
        text = render_markdown()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is stale: run `redrider permissions_doc`")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {path}")
