"""`redrider backup FILE`: the database and MEDIA_ROOT in one file, encrypted with BACKUP_KEY."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from redrider.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和上传文件到一个用 BACKUP_KEY 加密的文件 / back up the database and media"
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup (written whole or not at all)")
        parser.add_argument("--note", default="", help="a line kept in the backup's manifest")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            manifest = backup(path, note=options["note"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"backup: {path} ({manifest['vendor']}, database {manifest['database_bytes']} bytes, "
            f"{manifest['media_files']} media files)"
        )
