from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")  # 省、自治区、直辖市
    PREFECTURE = "prefecture", _("市级")  # 地级市、自治州
    COUNTY = "county", _("县级")  # 市辖区、县、县级市
