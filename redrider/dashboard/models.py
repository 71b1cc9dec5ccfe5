"""The dashboard's own tables: rollups of the additive indicators, the changes waiting to be
folded into them, and the monthly reports filed for each province and prefecture.

Rollups are derived data. `DailyFigure` and `Total` are written only by `rollups.py` (never by a
person), and `rollups.rebuild()` recreates both from the rows at any time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned


class DailyFigure(models.Model):
    """One additive indicator's value for one stored region code on one Asia/Shanghai day.

    Contract: for every key, region code and day, `value` equals the indicator's definition
    counted over the rows stored with exactly that region code and day — except for the region
    codes with a `PendingChange` of one of the indicator's tables, which `rollups.refresh` is
    about to recount (readers correct for them). Days with nothing are absent.
    """

    key = models.CharField(max_length=64)
    region_code = models.CharField(max_length=6)
    day = models.DateField()
    value = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "region_code", "day"], name="dashboard_daily_unique"
            )
        ]
        indexes = [models.Index(fields=["region_code", "key"], name="dashboard_daily_region")]

    def __str__(self) -> str:
        return f"{self.key} {self.region_code} {self.day} {self.value}"


class Grain(models.TextChoices):
    DAY = "d", _("日")
    MONTH = "m", _("月")


class Total(models.Model):
    """The sum of `DailyFigure` over a node of the region tree (a county, a prefecture, a
    province, or the whole country 000000) for one day (`grain` d) or one calendar month
    (`grain` m, `period` its first day). A region's figure for any period reads at most one row
    per month and per edge day, whatever the number of rows counted.
    """

    key = models.CharField(max_length=64)
    node = models.CharField(max_length=6)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    period = models.DateField()
    value = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["node", "key", "grain", "period"], name="dashboard_total_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.node} {self.grain}{self.period} {self.value}"


class Lineage(models.Model):
    """Which nodes a stored region code adds to: itself, its ancestors and the country.
    Rebuilt with the rollups (the region tree is reference data)."""

    region_code = models.CharField(max_length=6, db_index=True)
    node = models.CharField(max_length=6)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region_code", "node"], name="dashboard_lineage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region_code} → {self.node}"


class PendingChange(models.Model):
    """A write to a table some indicator counts, in some region: written by a database trigger
    in the same transaction as the write (so no write is missed, whatever made it: a service,
    an update of many rows, a deletion, a move to another region — both regions are marked).
    `rollups.refresh` recounts the region and deletes the row."""

    source = models.CharField(max_length=64)
    region_code = models.CharField(max_length=6, db_index=True)

    def __str__(self) -> str:
        return f"{self.source} {self.region_code}"


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("月度工作报告")  # .docx
    LEDGER = "ledger", _("指标台账")  # .xlsx, one sheet per indicator


class FiledReport(RegionOwned):
    """A document filed by the monthly task (or on request) for one region and month.

    Contract: `content` is the file exactly as generated; the figures in it are those of the
    region for the month, as the API answered them when it was filed (`created_at`).
    """

    month = models.CharField(_("月份"), max_length=7)  # YYYY-MM
    kind = models.CharField(_("类型"), max_length=12, choices=ReportKind.choices)
    filename = models.CharField(_("文件名"), max_length=128)
    content = models.BinaryField(_("文件"))
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("生成人"),
    )

    class Meta:
        verbose_name = _("归档报告")
        verbose_name_plural = _("归档报告")
        ordering = ["-month", "region_code", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "month", "kind"], name="dashboard_report_unique"
            )
        ]

    def __str__(self) -> str:
        return self.filename
