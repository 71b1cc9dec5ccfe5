"""Phone numbers: validated with `phonenumbers`, kept as 11-digit mainland mobiles."""

from __future__ import annotations

import phonenumbers


def normalise_phone(raw: str) -> str | None:
    """The 11-digit national number of a valid Chinese mobile, or None when it is not one."""
    text = "".join(str(raw).split())
    if not text or not any(ch.isdigit() for ch in text):
        return None
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    if parsed.country_code != 86 or not phonenumbers.is_valid_number(parsed):
        return None
    if phonenumbers.number_type(parsed) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    return str(parsed.national_number)
