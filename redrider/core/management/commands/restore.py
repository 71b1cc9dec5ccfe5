"""`redrider restore FILE`: a backup into the empty database DATABASE_URL names."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from redrider.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "把备份恢复到 DATABASE_URL 指向的空数据库和空的 MEDIA_ROOT；目标不空时拒绝 / restore a "
        "backup into an empty database and media folder"
    )
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by `redrider backup`")

    def handle(self, *args, **options):
        try:
            manifest = restore(Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"restore: {options['file']} ({manifest['vendor']}, made {manifest['created_at']}, "
            f"{manifest['media_files']} media files)"
        )
