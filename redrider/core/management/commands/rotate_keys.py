"""`redrider rotate_keys`: rewrite every encrypted field and blind index under the current keys,
in batches, while the platform serves (core.rotation; docs/operations.md "Key rotation")."""

from django.core.management.base import BaseCommand, CommandError

from redrider.core.rotation import reencrypt, reindex


class Command(BaseCommand):
    help = (
        "用当前密钥重新加密字段、重算盲索引（分批，不停机） / re-encrypt fields and recompute "
        "blind indexes under the current keys, in batches, without downtime"
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="rows per transaction")
        parser.add_argument(
            "--pause", type=float, default=0.0, help="seconds to rest between batches"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="rewrite nothing; exit 1 while any value is still under an old key",
        )
        parser.add_argument(
            "--only", choices=("fields", "indexes"), help="one half of the work only"
        )

    def handle(self, *args, **options):
        dry = options["check"]
        say = (lambda line: self.stdout.write(line)) if options["verbosity"] > 1 else None
        kwargs = {"batch": options["batch"], "dry_run": dry, "pause": options["pause"]}
        reports = []
        if options["only"] != "indexes":
            reports.append(("fields", reencrypt(progress=say, **kwargs)))
        if options["only"] != "fields":
            reports.append(("indexes", reindex(progress=say, **kwargs)))
        verb = "still under an old key" if dry else "rewritten"
        pending = 0
        for kind, report in reports:
            for name, n in sorted(report.rewritten.items()):
                self.stdout.write(f"{kind}: {name}: {n} {verb}")
            for name, n in sorted(report.unreadable.items()):
                self.stderr.write(f"{kind}: {name}: {n} opened by no configured key")
            for name, n in sorted(report.without_plaintext.items()):
                self.stderr.write(
                    f"{kind}: {name}: {n} rows keep no plaintext to re-index (they match only "
                    "while their old key stays in BLIND_INDEX_KEYS_OLD)"
                )
            pending += report.pending
            if report.unreadable:
                raise CommandError("some values open with no configured key: nothing guessed")
        total = "nothing left under an old key" if not pending else f"{pending} values {verb}"
        self.stdout.write(f"rotate_keys: {total}")
        if dry and pending:
            raise CommandError(f"rotate_keys --check: {pending} values still under an old key")
