"""`redrider points_daily`: the daily points run for cron (expire overdue orders, credit pending
tip-off rewards, check the ledger).

    15 3 * * *  cd /srv/redrider && .venv/bin/redrider points_daily

Exits 1 when the ledger check finds a violation (cron mails the output), 0 otherwise.
"""

from django.core.management.base import BaseCommand, CommandError

from redrider.points.housekeeping import points_daily_run
from redrider.points.services import tipoff_rewards_settle
from redrider.points.tasks import points_daily


class Command(BaseCommand):
    help = "每日积分任务：逾期未领取的兑换订单过期（积分与库存退回），补发待发的线索奖励，并检查积分台账"

    def add_arguments(self, parser):
        parser.add_argument("--no-check", action="store_true", help="只处理过期订单，不检查台账")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="交给 django-tasks 工作进程执行，而不是在本进程执行",
        )

    def handle(self, *args, no_check=False, enqueue=False, **options):
        if enqueue:
            result = points_daily.enqueue()
            self.stdout.write(f"points_daily: enqueued task {result.id}")
            return
        outcome = points_daily_run(check=not no_check)
        self.stdout.write(f"points_daily: {outcome['expired']} order(s) expired")
        credited = tipoff_rewards_settle()
        self.stdout.write(f"points_daily: {credited} tip-off reward(s) credited")
        if outcome["violations"]:
            for line in outcome["violations"]:
                self.stderr.write(line)
            raise CommandError(f"ledger_check: {len(outcome['violations'])} violation(s)")
        if not no_check:
            self.stdout.write("ledger_check: ok")
