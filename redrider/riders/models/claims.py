"""Claims of census records (底数认领): a registration that names an existing census record
without proving it is the same person waits here for that county's officer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned
from redrider.core.pii import EncryptedTextField, mask_phone

from ..choices import ClaimStatus, RiderKind
from ..identity import mask_name


class RegistrationClaim(RegionOwned):
    """底数认领申请: someone registered with the ID number of a census record that has no
    account, from a phone that is not the one on file.

    Nothing in the census record changes while the claim waits. `region_code` is the census
    record's county, so its officers see and decide the claim; `requested_region_code`, `kind`
    and `platforms` are what the registrant asked for. The claimant's name and verified phone
    are ciphertext with blind indexes, like the record's; `name_matches` says whether the name
    equals the record's. `password_hash` (a Django password hash, never the password) becomes the
    account's password when the claim is confirmed and is wiped on any decision. At most one
    pending claim per phone.
    """

    rider = models.ForeignKey(
        "riders.Rider",
        on_delete=models.CASCADE,
        related_name="claims",
        verbose_name=_("底数记录"),
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ClaimStatus.choices,
        default=ClaimStatus.PENDING,
        db_index=True,
    )
    name = EncryptedTextField(_("姓名"))
    name_index = models.CharField(max_length=64, editable=False)
    phone = EncryptedTextField(_("手机号"))
    phone_index = models.CharField(max_length=64, db_index=True, editable=False)
    name_matches = models.BooleanField(_("姓名一致"), default=False)
    requested_region_code = models.CharField(_("申请工作区县"), max_length=6)
    kind = models.CharField(
        _("类别"), max_length=12, choices=RiderKind.choices, default=RiderKind.FULL_TIME
    )
    platforms = models.JSONField(_("平台"), default=list, blank=True)
    password_hash = models.CharField(max_length=128, blank=True, editable=False)
    consent_version = models.CharField(_("授权版本"), max_length=16)
    consent_at = models.DateTimeField(_("授权时间"))
    ip = models.GenericIPAddressField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("登录账号"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("核实人"),
    )
    decided_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    decision_note = models.CharField(_("核实说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("底数认领申请")
        verbose_name_plural = _("底数认领申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone_index"],
                condition=Q(status="pending"),
                name="claim_one_pending_per_phone",
            )
        ]

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    def __str__(self) -> str:
        return f"claim {self.pk} ({self.region_code}, {self.status})"
