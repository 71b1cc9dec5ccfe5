"""`redrider riders_cleanup`: delete census files past their retention (exports after 24 h)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "删除超过保存期限的骑手导出文件 / delete census files past their retention"

    def handle(self, *args, **options):
        from redrider.riders.services.cleanup import cleanup

        counts = cleanup()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
