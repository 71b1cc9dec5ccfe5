"""`redrider audit_seal`: seal committed audit rows into the hash chain (the schedule's job;
rows are normally sealed right after their commit)."""

from django.core.management.base import BaseCommand

from redrider.core.audit_chain import seal


class Command(BaseCommand):
    help = "把已提交但未封存的审计日志封入哈希链 / seal committed audit rows into the chain"

    def handle(self, *args, **options):
        self.stdout.write(f"audit_seal: {seal()} rows sealed")
