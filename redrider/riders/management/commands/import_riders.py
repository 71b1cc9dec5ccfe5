"""`redrider import_riders FILE [--dry-run] [--scope CODE] [--user NAME]`: import a census list.

Prints a progress bar while rows are checked and written, then each bad row with its reason
(masked). Exit status 1 when the file or any row is refused (nothing is written then).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from redrider.accounts.models import User
from redrider.riders.importing import FileRefused, run_import

BAR = 30


class Command(BaseCommand):
    help = (
        "导入骑手名单（xlsx/csv，按模板） / import a rider census list (xlsx/csv, template columns)"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入 / validate only")
        parser.add_argument(
            "--scope", default="000000", help="允许的区划范围 / region the rows must lie in"
        )
        parser.add_argument(
            "--user", default="", help="记入审计日志的账号 / account named in the audit log"
        )
        parser.add_argument(
            "--errors", type=int, default=50, help="最多列出的错误行 / bad rows to list"
        )

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}")
        actor = None
        if opts["user"]:
            actor = User.objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"账号不存在 / no such account: {opts['user']}")
        started = time.perf_counter()
        tty = sys.stdout.isatty()
        shown = {"phase": None, "pct": -1}

        def progress(phase, done, total):
            pct = int(100 * done / total) if total else 100
            if phase == shown["phase"] and (pct == shown["pct"] or (not tty and pct % 10)):
                return
            shown.update(phase=phase, pct=pct)
            filled = BAR * pct // 100
            line = (
                f"{phase:<10} [{'#' * filled}{'.' * (BAR - filled)}] {pct:3d}% {done:,}/{total:,}"
            )
            self.stdout.write(("\r" + line) if tty else line, ending="" if tty else "\n")
            self.stdout.flush()

        try:
            outcome = run_import(
                path.read_bytes(),
                path.name,
                actor=actor,
                scope_code=opts["scope"],
                commit=not opts["dry_run"],
                progress=progress,
            )
        except FileRefused as exc:
            raise CommandError(f"{exc.zh} / {exc.en}") from None
        if tty:
            self.stdout.write("")
        elapsed = time.perf_counter() - started
        if outcome.errors:
            self.stdout.write(
                self.style.ERROR(
                    f"{outcome.summary['bad_rows']} 行有错误，未写入任何数据 / "
                    f"{outcome.summary['bad_rows']} bad rows: nothing written"
                )
            )
            for e in outcome.errors[: opts["errors"]]:
                value = f" [{e['value']}]" if e.get("value") else ""
                self.stdout.write(
                    f"  第{e['row']}行 row {e['row']} · {e['column']}: {e['message']}{value}"
                )
            if len(outcome.errors) > opts["errors"]:
                self.stdout.write(f"  … {len(outcome.errors) - opts['errors']} more")
            sys.exit(1)
        verb = "校验通过 / valid (dry run)" if outcome.status == "valid" else "已导入 / imported"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {outcome.summary} in {elapsed:.1f}s"))
