"""Staff password rules (等保 level 3 practice; docs/staff-security.md).

- at least STAFF_PASSWORD_MIN_LENGTH (10) characters;
- characters of at least three of four classes: lower-case letters, upper-case letters, digits,
  symbols (anything else, including Chinese characters);
- not a common password (Django's list of 20,000) and not like the user name (Django's own
  validators, also in AUTH_PASSWORD_VALIDATORS);
- changed every STAFF_PASSWORD_MAX_AGE_DAYS (90): after that the account can do nothing but
  change it (accounts.middleware.StaffSecondFactorMiddleware; the API refuses a token).

Riders sign in with their phone and an SMS code; a rider's password, when they set one, keeps
Django's default rules (8 characters, not common), so these apply to staff only (and to a new
account whose holder is not yet known, which is always a staff account).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def _is_staff(user) -> bool:
    if user is None:
        return True
    return bool(getattr(user, "is_staff_role", False) or getattr(user, "is_superuser", False))


def character_classes(password: str) -> int:
    lower = any(c.islower() for c in password)
    upper = any(c.isupper() for c in password)
    digit = any(c.isdigit() for c in password)
    other = any(not (c.isalpha() and c.isascii()) and not c.isdigit() for c in password)
    return lower + upper + digit + other


class StaffPasswordValidator:
    """≥ 10 characters of ≥ 3 character classes, for staff accounts."""

    def __init__(self, min_length: int | None = None, min_classes: int = 3) -> None:
        configured = getattr(settings, "STAFF_PASSWORD_MIN_LENGTH", 10)
        self.min_length: int = min_length or int(configured)
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if not _is_staff(user):
            return
        problems = []
        if len(password) < self.min_length:
            problems.append(
                ValidationError(
                    _("工作人员密码至少 %(n)d 个字符") % {"n": self.min_length},
                    code="staff_password_too_short",
                )
            )
        if character_classes(password) < self.min_classes:
            problems.append(
                ValidationError(
                    _("工作人员密码须包含小写字母、大写字母、数字、符号中的至少三类"),
                    code="staff_password_classes",
                )
            )
        if problems:
            raise ValidationError(problems)

    def get_help_text(self) -> str:
        return _(
            "工作人员密码至少 %(n)d 个字符，包含小写字母、大写字母、数字、符号中的至少三类，每 90 天更换一次"
        ) % {"n": self.min_length}


def password_expired(user, now: dt.datetime | None = None) -> bool:
    """A staff password older than STAFF_PASSWORD_MAX_AGE_DAYS (0 turns the rule off)."""
    days = int(getattr(settings, "STAFF_PASSWORD_MAX_AGE_DAYS", 90) or 0)
    if not days or not _is_staff(user) or user is None:
        return False
    changed = getattr(user, "password_changed_at", None)
    return changed is None or (now or timezone.now()) - changed > dt.timedelta(days=days)
