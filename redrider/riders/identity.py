"""Identity numbers (GB 11643 居民身份证号码) and personal-data columns of a rider.

Validation and check digits come from python-stdnum (`stdnum.cn.ric`); this module only adds
the facts the census needs (gender, birth year) and the encrypted/indexed column values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from redrider.core.pii import blind_index

ID_PURPOSE, PHONE_PURPOSE, NAME_PURPOSE = "id_number", "phone", "name"


class IdentityError(ValueError):
    """A bad ID number; `code` names the reason, `zh`/`en` say it to people."""

    def __init__(self, code: str, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.code, self.zh, self.en = code, zh, en


@dataclass(frozen=True)
class IdentityFacts:
    number: str  # compact, upper-case X
    gender: str  # "male" / "female"
    birth_year: int


def check_id_number(raw: str, *, today: dt.date | None = None) -> IdentityFacts:
    """Validate an 18-character ID number and derive gender and birth year.

    Raises IdentityError for a wrong length/format, a wrong check digit, an impossible or
    future birth date, an unknown birth-place code, or an age outside 16–80 (not a rider).
    """
    number = "".join(str(raw or "").split()).upper()
    try:
        born = _validate(number)
    except InvalidLength:
        raise IdentityError(
            "id_length", "身份证号应为18位", "ID number must have 18 characters"
        ) from None
    except InvalidFormat:
        raise IdentityError(
            "id_format", "身份证号格式错误", "ID number has a wrong format"
        ) from None
    except InvalidChecksum:
        raise IdentityError(
            "id_checksum", "身份证号校验位错误", "ID number check digit is wrong"
        ) from None
    except InvalidComponent:
        try:
            ric.get_birth_date(number)
        except InvalidComponent:
            raise IdentityError(
                "id_birth_date",
                "身份证号中的出生日期不存在",
                "ID number has an impossible birth date",
            ) from None
        raise IdentityError(
            "id_birth_place", "身份证号中的地区码无效", "ID number has an unknown region code"
        ) from None
    today = today or dt.date.today()
    if born > today:
        raise IdentityError(
            "id_birth_date",
            "身份证号中的出生日期在未来",
            "ID number has a birth date in the future",
        )
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if not 16 <= age <= 80:
        raise IdentityError(
            "id_age",
            "按身份证号计算年龄不在16–80岁之间",
            "age from the ID number is not between 16 and 80",
        )
    gender = "male" if int(number[16]) % 2 else "female"
    return IdentityFacts(number=number, gender=gender, birth_year=born.year)


@lru_cache(maxsize=65536)
def _place_known(place: str, year: int) -> bool:
    """Whether stdnum knows the birth-place code as assigned in that year (cached: a census has
    a few hundred distinct places but 10^5 people)."""
    body = f"{place}{year}0101001"
    try:
        ric.get_birth_place(body + ric.calc_check_digit(body + "0"))
    except InvalidComponent:
        return False
    return True


def _validate(number: str) -> dt.date:
    """`stdnum.cn.ric.validate` with the birth-place look-up cached per (place, year)."""
    if len(number) != 18:
        raise InvalidLength()
    if not number[:17].isdigit() or not number[:17].isascii():
        raise InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    born = ric.get_birth_date(number)
    if not _place_known(number[:6], born.year):
        raise InvalidComponent()
    return born


def make_id_number(region: str, born: dt.date, serial: int) -> str:
    """A checksum-valid ID number (for synthetic demo people): region + birth date + 3-digit
    serial (odd = male) + the check digit computed by stdnum."""
    body = f"{region}{born:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def id_index(number: str) -> str:
    return blind_index(number, purpose=ID_PURPOSE)


def phone_index(phone: str) -> str:
    """Same purpose as `accounts.backends.phone_index`, so a rider's record and login match."""
    return blind_index(phone, purpose=PHONE_PURPOSE)


def name_index(name: str) -> str:
    return blind_index(name, purpose=NAME_PURPOSE)


def mask_name(name: str) -> str:
    """张*三: the family name and the last character stay (names are personal data too)."""
    name = name or ""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
