"""Synthetic riders for demo data and benchmarks: fictitious people with checksum-valid IDs.

Every person is made up: names from common characters, ID numbers built from a real county
code valid in the birth year (so `stdnum.cn.ric` accepts them) plus a check digit computed by
stdnum, phone numbers in valid mobile ranges. Deterministic for a given random source.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import lru_cache

from stdnum.cn import ric

from redrider.regions.models import Region

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
)
GIVEN = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞"
    "彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆"
    "磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎"
    "德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳"
)
PHONE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "175",
    "176",
    "177",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)
# Birth places besides Sichuan: riders come from the neighbouring provinces too.
OTHER_BIRTHPLACES = (
    "500101",
    "500102",
    "500103",
    "500106",
    "500228",
    "500229",
    "500230",
    "500235",
    "530102",
    "520102",
    "620102",
    "610102",
    "420102",
    "430102",
    "410102",
)
FIRST_BIRTH, LAST_BIRTH = dt.date(1968, 1, 1), dt.date(2006, 12, 31)
DAYS = (LAST_BIRTH - FIRST_BIRTH).days + 1
ID_SPACE = DAYS * 1000  # birth date × 3-digit serial: a person's slot, unique per index
PHONE_SPACE = 10**8
_ID_STEP, _PHONE_STEP = 7_919_993, 48_271  # coprime with their spaces: i ↦ slot is one-to-one


@lru_cache(maxsize=1)
def _birthplaces_by_year() -> dict[int, list[str]]:
    codes = list(
        Region.objects.filter(level="county", code__startswith="51").values_list("code", flat=True)
    ) + list(OTHER_BIRTHPLACES)
    found: dict[int, list[str]] = {}
    for year in range(FIRST_BIRTH.year, LAST_BIRTH.year + 1):
        found[year] = []
        for code in codes:
            body = f"{code}{year}0601001"
            if ric.is_valid(body + ric.calc_check_digit(body + "0")):
                found[year].append(code)
    return found


def id_number(i: int, rng: random.Random) -> str:
    """The i-th synthetic ID number: distinct for distinct i (birth date and serial from a
    permutation of i), birth place random among codes valid in that year."""
    slot = (i * _ID_STEP + 12345) % ID_SPACE
    born = FIRST_BIRTH + dt.timedelta(days=slot // 1000)
    place = rng.choice(_birthplaces_by_year()[born.year])
    body = f"{place}{born:%Y%m%d}{slot % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def phone(i: int) -> str:
    """The i-th synthetic mobile number (distinct for distinct i below 10^8 × prefixes)."""
    slot = (i * _PHONE_STEP + 777) % PHONE_SPACE
    return PHONE_PREFIXES[i % len(PHONE_PREFIXES)] + f"{slot:08d}"


def name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def county_weights(codes: list[str]) -> list[float]:
    """Riders follow urban population: Chengdu's central districts most, then the other
    prefectures' districts, county-level cities, counties; the high western plateau least."""
    weights = []
    for code in codes:
        suffix = int(code[4:])
        if code.startswith("5101") and suffix < 20:
            w = 40.0
        elif code.startswith("5101"):
            w = 8.0
        elif suffix < 20:
            w = 7.0
        elif suffix >= 81:
            w = 3.0
        else:
            w = 1.0
        if code[:4] in ("5132", "5133", "5134"):
            w *= 0.25
        weights.append(w)
    return weights
