"""The region tree: one answer to "is this region inside that one?", nationally correct.

GB/T 2260 codes are six digits: two for the province, two for the prefecture, two for the county.
A code's *prefix* is the part shared by it and everything under it (510000 → "51",
510100 → "5101", 510104 → "510104", 000000 → "" for the whole country). Every question about
ancestry is answered here, from arithmetic on codes plus the tree loaded once per process from
the `Region` table (reference data that users never edit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from redrider.core.scoping import NATIONAL_CODE, code_within, scope_prefix, user_scope_code
from redrider.regions.models import Region

_CODE = re.compile(r"^\d{6}$")

# The arithmetic lives in core (below every domain app); this module adds the loaded tree.
prefix = scope_prefix
within = code_within


def level_of(code: str) -> str:
    """`national`, `province`, `prefecture` or `county`, from the code alone."""
    if code == NATIONAL_CODE:
        return "national"
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def parent_code(code: str) -> str | None:
    """The parent node's code as stored in the tree (None for a province or the country).

    Counties directly under a province (e.g. 429004 仙桃市, whose code sits under no prefecture
    node) answer the node the tree really has; that is why this reads the loaded tree.
    """
    node = tree().get(code)
    if node is not None:
        return node.parent
    if code == NATIONAL_CODE or code.endswith("0000"):
        return None
    return code[:4] + "00" if not code.endswith("00") else code[:2] + "0000"


def ancestors(code: str) -> list[str]:
    """The codes above `code`, nearest first, ending with the province."""
    out: list[str] = []
    current = parent_code(code)
    while current:
        out.append(current)
        current = parent_code(current)
    return out


def ancestor_at(code: str, level: str) -> str | None:
    """The node at `level` ("province" / "prefecture") that contains `code` — `code` itself when
    it is of that level; None when the tree has none (a county directly under its province)."""
    if level_of(code) == level:
        return code
    return next((a for a in ancestors(code) if level_of(a) == level), None)


def lineage(code: str) -> list[str]:
    """The province first, down to `code` itself (for breadcrumbs)."""
    return [*reversed(ancestors(code)), code]


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    name: str
    level: str
    parent: str | None
    lat: float
    lng: float


_loaded: dict[str, Node] = {}


def tree() -> dict[str, Node]:
    """Every region, loaded once per process (the tree is reference data a migration loads; it
    does not change while serving). An empty table is never cached: a process that asks before
    the data is there asks again."""
    if not _loaded:
        _loaded.update(
            (r.code, Node(r.code, r.name, r.level, r.parent_id, r.lat, r.lng))
            for r in Region.objects.order_by("code").only(
                "code", "name", "level", "parent_id", "lat", "lng"
            )
        )
        _children_index.cache_clear()
        nodes.cache_clear()
    return _loaded


@lru_cache(maxsize=1)
def _children_index() -> dict[str | None, tuple[str, ...]]:
    index: dict[str | None, list[str]] = {}
    for node in tree().values():
        index.setdefault(node.parent, []).append(node.code)
    return {k: tuple(sorted(v)) for k, v in index.items()}


@lru_cache(maxsize=1)
def nodes() -> tuple[Node, ...]:
    """Every node in code order (for lists and pickers)."""
    return tuple(sorted(tree().values(), key=lambda n: n.code))


def under(code: str) -> list[Node]:
    """`code`'s node and every node under it, in code order (the whole tree for the country)."""
    return [n for n in nodes() if within(n.code, code)]


def children(code: str) -> tuple[str, ...]:
    """The direct children of `code` (the provinces for the whole country)."""
    return _children_index().get(None if code == NATIONAL_CODE else code, ())


def is_known(code: object) -> bool:
    """True only for the whole country or a node of the loaded tree — never for a bare prefix."""
    return (
        isinstance(code, str)
        and bool(_CODE.match(code))
        and (code == NATIONAL_CODE or code in tree())
    )


def name_of(code: str | None) -> str:
    """锦江区 for 510104; the code itself when it is not a node (never raises)."""
    if not code:
        return ""
    if code == NATIONAL_CODE:
        return "全国"
    node = tree().get(code)
    return node.name if node else code


def child_of(code: str, children: list[str] | tuple[str, ...]) -> str | None:
    """Which of the sibling regions `children` contains (or is) `code`, if any."""
    for child in children:
        if within(code, child):
            return child
    return None


def clear_cache() -> None:
    """For tests that load a different tree."""
    _loaded.clear()
    _children_index.cache_clear()
    nodes.cache_clear()


def user_region(user) -> str | None:
    """The region a user may see, or None when the user sees no region-owned rows."""
    return user_scope_code(user)
