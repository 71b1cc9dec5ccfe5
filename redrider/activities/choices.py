"""Choices of the activities app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """The six themes of 十项举措, plus training classes and volunteer service."""

    MAJOR_EVENT = "major_event", _("喜迎大运")  # events around the 2023 Universiade and similar
    FIRST_AID = "first_aid", _("急救培训")  # first-aid training; attendance earns a certificate
    HEALTH_CLINIC = "health_clinic", _("健康义诊")  # free health check-ups
    SAFETY = "safety", _("安全宣传")  # traffic and food-safety publicity
    CARE = "care", _("关爱慰问")  # visits and gifts for riders
    GOVERNANCE = "governance", _("社会共治")  # riders in local governance (巡查、信息员)
    TRAINING = "training", _("培训班")  # training classes (the 263)
    VOLUNTEER = "volunteer", _("志愿服务")  # volunteer service, counted in hours


# The themes counted among the programme's "517 activities".
ACTIVITY_THEMES = [
    Theme.MAJOR_EVENT,
    Theme.FIRST_AID,
    Theme.HEALTH_CLINIC,
    Theme.SAFETY,
    Theme.CARE,
    Theme.GOVERNANCE,
]


class ActivityStatus(models.TextChoices):
    PUBLISHED = "published", _("报名中")  # visible to riders, open for sign-up
    CANCELLED = "cancelled", _("已取消")  # called off; sign-ups closed


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已报名")  # holds a place
    WAITLISTED = "waitlisted", _("候补")  # waits for a place, promoted in order of sign-up
    CANCELLED = "cancelled", _("已取消")  # the rider withdrew
    ATTENDED = "attended", _("已签到")  # checked in at the venue (points awarded)


class CertificateKind(models.TextChoices):
    FIRST_AID = "first_aid", _("急救培训合格证")
    TRAINING = "training", _("培训结业证")
