"""`redrider audit_verify`: recompute the audit log's hash chain; exit 1 on a break."""

from django.core.management.base import BaseCommand, CommandError

from redrider.core.audit_chain import seal, verify


class Command(BaseCommand):
    help = (
        "校验审计日志的哈希链（逐行重算），发现断裂时以非零状态退出 / verify the audit hash chain"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head",
            default="",
            help="SEQ:HASH recorded earlier (e.g. yesterday's output): the chain must still "
            "pass through it, so a rewrite of the whole chain is caught too",
        )
        parser.add_argument(
            "--seal", action="store_true", help="seal any committed unsealed rows first"
        )

    def handle(self, *args, **options):
        if options["seal"]:
            seal()
        verdict = verify()
        problems = list(verdict.problems)
        expected = options["expect_head"]
        if expected:
            seq_text, _, digest = expected.partition(":")
            from redrider.core.models import AuditEvent

            row = AuditEvent.objects.filter(seq=int(seq_text)).values("hash").first()
            if row is None or not row["hash"].startswith(digest):
                problems.append(f"the recorded head {expected} is not in the chain")
        for line in problems:
            self.stderr.write(line)
        self.stdout.write(
            f"audit_verify: {verdict.sealed} sealed rows, {verdict.unsealed} not yet sealed "
            f"({verdict.stale_unsealed} older than 10 minutes); head {verdict.head_seq}:"
            f"{verdict.head_hash}"
        )
        if problems:
            raise CommandError(f"audit_verify: {len(problems)} problem(s) in the audit chain")
        if verdict.stale_unsealed:
            self.stderr.write(
                f"warning: {verdict.stale_unsealed} rows waited more than 10 minutes for their "
                "seal (is `redrider audit_seal` scheduled?)"
            )
