"""Enumerations of the warm-station registry (千个驿站)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StationType(models.TextChoices):
    PARTY_SERVICE = "party_service", _("党群服务驿站")  # run by a party-service centre
    UNION_OUTDOOR = "union_outdoor", _("工会户外劳动者服务站点")  # union site for outdoor workers
    CARING_SHOP = "caring_shop", _("爱心商铺")  # a merchant opens its shop to riders
    SHARED_HIVE = "shared_hive", _("共享蜂巢")  # off-peak space in a shop
    COMMERCIAL = "commercial", _("商圈/楼宇驿站")  # in a business district or office building
    OTHER = "other", _("其他")


class StationStatus(models.TextChoices):
    OPEN = "open", _("正常开放")  # in service; opening hours decide whether it is open now
    TEMPORARILY_CLOSED = "temporarily_closed", _("暂停开放")  # closed for a while, will reopen
    BROKEN = "broken", _("设施故障")  # facilities out of order; not shown as open
    RETIRED = "retired", _("已撤销")  # no longer a station; kept for history, never searched


class Service(models.TextChoices):
    WATER = "water", _("饮用水")
    FOOD_HEATING = "food_heating", _("热饭")
    PHONE_CHARGING = "phone_charging", _("手机充电")
    EBIKE_CHARGING = "ebike_charging", _("电动车充电/换电")
    SEATS = "seats", _("座椅休息")
    TOILET = "toilet", _("卫生间")
    FIRST_AID = "first_aid", _("急救药箱")
    AED = "aed", _("AED")
    REPAIR_TOOLS = "repair_tools", _("维修工具")
    RAIN_GEAR = "rain_gear", _("雨具")
    WIFI = "wifi", _("Wi-Fi")
    AIR_CONDITIONING = "air_conditioning", _("空调/取暖")
    READING = "reading", _("阅读")
    LOCKERS = "lockers", _("储物柜")


SERVICE_CODES = frozenset(Service.values)


class CorrectionKind(models.TextChoices):
    CLOSED = "closed", _("已关闭")  # the rider found it closed for good
    MOVED = "moved", _("位置已变")  # it is somewhere else (a new point may be given)
    WRONG_HOURS = "wrong_hours", _("开放时间不对")  # hours differ (new hours may be given)
    SERVICE_MISSING = "service_missing", _("服务缺失")  # a listed service is not offered


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")  # waiting in the county's queue
    ACCEPTED = "accepted", _("已采纳")  # applied to the station, last_verified updated
    REJECTED = "rejected", _("未采纳")  # reviewed and dismissed


# Standardisation checklist (选址 · 建设 · 功能 · 服务): each item scores 0–5; the star rating is
# derived from the four scores in services.review_record.
CHECKLIST_ITEMS = [
    ("siting", _("选址")),
    ("building", _("建设")),
    ("function", _("功能")),
    ("service", _("服务")),
]

# Fixed bit positions for Station.services_mask; append new codes at the end, never reorder.
SERVICE_ORDER = [
    "water",
    "food_heating",
    "phone_charging",
    "ebike_charging",
    "seats",
    "toilet",
    "first_aid",
    "aed",
    "repair_tools",
    "rain_gear",
    "wifi",
    "air_conditioning",
    "reading",
    "lockers",
]
SERVICE_BIT = {code: 1 << i for i, code in enumerate(SERVICE_ORDER)}
assert set(SERVICE_ORDER) == SERVICE_CODES
