"""The one way a region code enters the platform: it must be a node of the tree, else 422.

A code is compared by prefix everywhere (scoping, "within"), so a string that merely starts like
a real code — "5101040000", "510104\\", "5101" — would otherwise be read as some region: a survey
for "5101040000" reached riders of the whole province. Every input names a node the tree has
(`tree.is_known`): API queries and bodies through `RegionCode` / `RegionFilter`, services and
pages through `known_region`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from redrider.core.errors import InvalidInput

from . import tree


def known_region(code: object, *, field: str = "region") -> str:
    """`code` when it names a node of the region tree (or the whole country); else 422
    `unknown_region`."""
    if not tree.is_known(code):
        shown = str(code)[:20]
        raise InvalidInput(
            "unknown_region",
            f"未知的行政区划代码：{shown}",
            f"unknown region code: {shown}",
            field=field,
        )
    return code  # type: ignore[return-value]  # is_known holds only for str


def _known_or_none(code: str | None) -> str | None:
    return None if code in (None, "") else known_region(code)


# A required region code in a body (the schema says six digits; a code the tree does not hold
# answers 422 `unknown_region`).
RegionCode = Annotated[
    str,
    AfterValidator(known_region),
    Field(json_schema_extra={"pattern": "^[0-9]{6}$"}, description="a GB/T 2260 region code"),
]
# An optional region (a list's filter, a body's "default: my own"); empty means none given.
RegionFilter = Annotated[
    str | None,
    AfterValidator(_known_or_none),
    Field(
        json_schema_extra={"pattern": "^([0-9]{6})?$"},
        description="a GB/T 2260 region code within the caller's scope; empty: all of it",
    ),
]
