from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeKind(models.TextChoices):
    XIAOGEZHUAN = "xiaogezhuan", _("“小个专”综合党委")  # small firms, self-employed, professionals
    RIDER = "rider", _("外卖配送员群体综合党委")  # the riders' own committee


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("市级")
    COUNTY = "county", _("县级")


class InstructorKind(models.TextChoices):
    FULL_TIME = "full_time", _("专职")  # works only on the programme
    PART_TIME = "part_time", _("兼职")  # an office staff member with other duties


class CompanyKind(models.TextChoices):
    PLATFORM = "platform", _("平台企业")  # Meituan, Ele.me ...
    THIRD_PARTY = "third_party", _("第三方配送企业")  # delivery contractors
    DELIVERY_SITE = "delivery_site", _("配送站点")  # a station of riders


STANDARD_ITEMS = [
    ("signage", _("统一标牌")),
    ("rules", _("健全制度")),
    ("staffing", _("配备人员")),
    ("ledger", _("建立台账")),
]
