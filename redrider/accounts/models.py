from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import REGIONAL_ROLES, STAFF_ROLES, Role


class User(AbstractUser):
    """An account: staff with one region scope and one role, or a rider.

    Staff: `scope_code` is the GB/T 2260 code they may see (province, prefecture or county).
    Riders: log in with their phone number, found through `phone_index` (the phone itself is
    never stored in clear in this table).
    """

    role = models.CharField(_("角色"), max_length=24, choices=Role.choices, default=Role.RIDER)
    scope_code = models.CharField(_("管辖区划"), max_length=6, blank=True, db_index=True)
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    # HMAC blind index of a rider's mobile number: log-in by phone without storing the phone.
    phone_index = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    can_view_pii = models.BooleanField(
        _("可查看完整身份证号和手机号"),
        default=False,
        help_text=_("查看一次即写入审计日志"),
    )
    can_view_political_status = models.BooleanField(_("可查看政治面貌"), default=False)
    # Staff change their password every STAFF_PASSWORD_MAX_AGE_DAYS (docs/staff-security.md).
    password_changed_at = models.DateTimeField(_("密码修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def set_password(self, raw_password):
        """Django's, plus the time of the change (the staff password's age starts here)."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def needs_second_factor(self) -> bool:
        """Staff (and superusers) sign in with a TOTP code too; riders are exempt."""
        return self.is_staff_role or self.is_superuser

    @property
    def acts_for_region(self) -> bool:
        """The role's scope is a region (province … county, an instructor's county): it sees
        what lies under `scope_code` (core.scoping asks this). Auditors and riders see no
        region-owned rows; a station host only what happens at their stations."""
        return self.role in REGIONAL_ROLES

    @property
    def keeps_stations(self) -> bool:
        """A station host: sees region-owned rows only through the stations they host
        (core.scoping asks this; `scope_code` only says which county they are in)."""
        return self.role == Role.STATION_HOST

    @property
    def label(self) -> str:
        return self.display_name or self.username

    def __str__(self) -> str:
        return self.label


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"token of {self.user}"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
