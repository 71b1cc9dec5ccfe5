"""`redrider ledger_check`: verify every ledger and stock invariant; exit 1 on a violation."""

from django.core.management.base import BaseCommand, CommandError

from redrider.points.integrity import ledger_violations
from redrider.points.models import Account, Transaction


class Command(BaseCommand):
    help = "检查积分台账的全部不变量（分录平衡、余额、非负、库存、订单），违反时以非零状态退出"

    def handle(self, *args, **options):
        problems = ledger_violations()
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"ledger_check: {len(problems)} violation(s)")
        self.stdout.write(
            f"ledger_check: ok ({Transaction.objects.count()} transactions, "
            f"{Account.objects.count()} accounts)"
        )
