"""Free text, made safe once: on the way in (every API body, query and form) and on the way out
(every xlsx/docx/pdf/csv cell).

Riders and hosts type on phones; what they type is stored and later written into spreadsheets
and Word reports. XML 1.0 — the inside of .xlsx and .docx — forbids most control characters, so
one stray NUL in an appeal used to make a whole county's export fail. The rule:

* `clean_text` removes C0 controls except tab, newline and carriage return, DEL, C1 controls,
  lone UTF-16 surrogates and the non-characters U+FFFE/U+FFFF. Nothing a person means to write
  is lost.
* Input: the API's parser (`core.api.CleanParser`) and the form middleware
  (`core.middleware.CleanFormInputMiddleware`) pass every incoming string through it; a lone
  surrogate in a JSON body is refused outright (`lone_surrogate`, 422), because JSON that
  carries one was not produced by an honest UTF-8 client.
* Output: every file writer puts values through `cell` (spreadsheets, CSV) or `clean_text`
  (Word, PDF), so rows stored before this rule existed export too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .errors import InvalidInput

# C0 minus \t \n \r, DEL and C1, any surrogate code point (a valid pair is one code point in a
# Python str, so whatever matches here is lone), and the two XML-forbidden non-characters.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# A spreadsheet reads a cell starting with one of these as a formula (CSV/formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str) -> str:
    """`value` without the characters no stored text should hold (see the module docstring)."""
    return _UNSAFE.sub("", value) if _UNSAFE.search(value) else value


def has_lone_surrogate(value: str) -> bool:
    return bool(_SURROGATE.search(value))


def refuse_lone_surrogates(value: str) -> None:
    """422 `lone_surrogate` when `value` holds half of a UTF-16 pair (it cannot be stored)."""
    if has_lone_surrogate(value):
        raise InvalidInput(
            "lone_surrogate",
            "文本含有无效字符（孤立的代理码位）",
            "the text holds an invalid character (a lone surrogate)",
        )


def clean_deep(value: Any, *, strict: bool = False) -> Any:
    """`value` with every string in it (dict keys too, lists and dicts at any depth) cleaned.

    `strict=True` (the API's JSON bodies) refuses a lone surrogate with 422 instead of dropping
    it. Other values are returned as they are.
    """
    if isinstance(value, str):
        if strict:
            refuse_lone_surrogates(value)
        return clean_text(value)
    if isinstance(value, dict):
        return {
            clean_deep(k, strict=strict): clean_deep(v, strict=strict) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(clean_deep(v, strict=strict) for v in value)
    return value


def clean_values(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """One imported row with its text cells cleaned (a single scan when the row is clean, the
    usual case: imports read ~10^5 rows)."""
    if not _UNSAFE.search("".join(v for v in values if isinstance(v, str))):
        return values
    return tuple(clean_text(v) if isinstance(v, str) else v for v in values)


def cell(value: Any) -> Any:
    """One spreadsheet or CSV cell: text cleaned and never read as a formula; other values as is.

    A leading `= + - @` (or tab, CR) gets an apostrophe, the usual defence against formula
    injection; Excel and LibreOffice then show the text as typed.
    """
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def row(values: Iterable[Any]) -> list[Any]:
    """`cell` applied to each value of a row."""
    return [cell(v) for v in values]
