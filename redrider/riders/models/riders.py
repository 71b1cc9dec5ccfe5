"""Riders (骑手底数) and one-time SMS codes for their self-registration."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned
from redrider.core.pii import EncryptedTextField, mask_id_number, mask_phone

from ..choices import Gender, PoliticalStatus, RiderKind, RiderSource, RiderStatus
from ..identity import mask_name


class Rider(RegionOwned):
    """骑手: one person in the census, whatever the number of platforms they deliver for.

    `region_code` is the county where the rider works. Name, ID number and phone are AES-GCM
    ciphertext at rest; `id_index` (unique: one row per person) and `phone_index`/`name_index`
    are HMAC blind indexes for look-up and de-duplication (`core.pii.blind_index`, purposes
    "id_number", "phone", "name"). Gender and birth year are derived from the ID number when it
    is written (services do this, see `services.identity_facts`). Political status is shown only
    to accounts with `can_view_political_status`. Consent: the version, time and channel of the
    rider's consent to the processing of their data.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rider_profile",
        verbose_name=_("登录账号"),
    )
    name = EncryptedTextField(_("姓名"))
    id_number = EncryptedTextField(_("身份证号"))
    phone = EncryptedTextField(_("手机号"))
    name_index = models.CharField(max_length=64, db_index=True, editable=False)
    id_index = models.CharField(max_length=64, unique=True, editable=False)
    phone_index = models.CharField(max_length=64, db_index=True, editable=False)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    platforms = models.ManyToManyField(
        "riders.Platform", blank=True, related_name="riders", verbose_name=_("平台")
    )
    kind = models.CharField(
        _("类别"), max_length=12, choices=RiderKind.choices, default=RiderKind.FULL_TIME
    )
    company = models.ForeignKey(
        "riders.Company",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="riders",
        verbose_name=_("所属企业"),
    )
    site = models.ForeignKey(
        "riders.Company",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="site_riders",
        verbose_name=_("配送站点"),
    )
    status = models.CharField(
        _("状态"),
        max_length=8,
        choices=RiderStatus.choices,
        default=RiderStatus.ACTIVE,
        db_index=True,
    )
    joined_on = models.DateField(_("入职日期"), null=True, blank=True)
    left_on = models.DateField(_("离职日期"), null=True, blank=True)
    political_status = models.CharField(
        _("政治面貌"),
        max_length=16,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
        db_index=True,
    )
    mobile_party_member = models.BooleanField(_("流动党员"), default=False)
    community_organisation = models.CharField(_("所在社区党组织"), max_length=128, blank=True)
    housing_fund_months = models.PositiveSmallIntegerField(_("公积金缴存月数"), default=0)
    consent_version = models.CharField(_("授权版本"), max_length=16, blank=True)
    consent_at = models.DateTimeField(_("授权时间"), null=True, blank=True)
    consent_channel = models.CharField(_("授权方式"), max_length=16, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("撤回授权时间"), null=True, blank=True)
    source = models.CharField(
        _("来源"), max_length=8, choices=RiderSource.choices, default=RiderSource.IMPORT
    )

    class Meta:
        verbose_name = _("骑手")
        verbose_name_plural = _("骑手")
        ordering = ["region_code", "id"]
        indexes = [models.Index(fields=["region_code", "status"], name="rider_region_status")]

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        """张*三: the family name and the last character stay (names are personal data too)."""
        return mask_name(self.name)

    @property
    def is_party_member(self) -> bool:
        return self.political_status in (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)

    def __str__(self) -> str:
        return f"{self.masked_name} ({self.region_code})"


class SmsCode(models.Model):
    """A one-time SMS code for a phone: single use, short life, stored as a keyed hash only.

    `phone_index` is the phone's blind index; `code_hash` an HMAC of the code with the index, so
    a database read reveals neither. `ip` is kept for the per-IP rate limit.
    """

    phone_index = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=16, default="register")
    code_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def __str__(self) -> str:
        return f"SMS code {self.pk} ({self.purpose})"
