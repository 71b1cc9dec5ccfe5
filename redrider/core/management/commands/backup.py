"""`redrider backup FILE` (or `--dir DIR --keep N`, the schedule's form): the database and
MEDIA_ROOT in one file, encrypted with BACKUP_KEY (core.backup)."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from redrider.core.backup import BackupError, backup

PATTERN = "redrider-*.backup"


class Command(BaseCommand):
    help = "备份数据库和上传文件到一个用 BACKUP_KEY 加密的文件 / back up the database and media"
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="where to write the backup (written whole or not at all)"
        )
        parser.add_argument(
            "--dir", help="write redrider-YYYYmmdd-HHMMSS.backup into this folder instead"
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="with --dir: keep only the newest N backups"
        )
        parser.add_argument("--note", default="", help="a line kept in the backup's manifest")

    def handle(self, *args, **options):
        if bool(options["file"]) == bool(options["dir"]):
            raise CommandError("give FILE or --dir DIR")
        if options["dir"]:
            folder = Path(options["dir"])
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
            path = folder / f"redrider-{stamp}.backup"
        else:
            path = Path(options["file"])
        try:
            manifest = backup(path, note=options["note"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"backup: {path} ({manifest['vendor']}, database {manifest['database_bytes']} bytes, "
            f"{manifest['media_files']} media files)"
        )
        if options["dir"] and options["keep"] > 0:
            old = sorted(Path(options["dir"]).glob(PATTERN))[: -options["keep"]]
            for stale in old:
                stale.unlink()
                self.stdout.write(f"backup: removed {stale}")
