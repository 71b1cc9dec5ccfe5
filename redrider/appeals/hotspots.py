"""Hotspots: cases of one category whose pins lie within the category's radius of a centre case.

Grouping is greedy by density, per category: the case with the most same-category neighbours
within the radius becomes a centre and takes every still-unassigned neighbour within the radius;
repeat. Every member of a hotspot is therefore within `radius_m` of its centre case, and cases of
another category never join. Ties are broken by id, so the answer is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from redrider.geo.distance import arc_m_to_chord
from redrider.geo.index import RADIUS_SLACK_M, PointIndex


@dataclass(frozen=True)
class CasePoint:
    id: int
    category: str
    lat: float
    lng: float
    weight: int = 1  # the case plus its "me too" supporters


@dataclass
class Hotspot:
    category: str
    centre_id: int
    lat: float
    lng: float
    radius_m: float
    case_ids: list[int] = field(default_factory=list)
    weight: int = 0

    @property
    def size(self) -> int:
        return len(self.case_ids)


def hotspots_group(
    cases: Iterable[CasePoint], radius_for: Callable[[str], float], min_size: int = 1
) -> list[Hotspot]:
    """Group `cases` into hotspots (see the module docstring), largest weight first.

    `radius_for(category)` gives the radius in metres; groups smaller than `min_size` cases are
    left out of the answer.
    """
    by_category: dict[str, list[CasePoint]] = defaultdict(list)
    for case in cases:
        by_category[case.category].append(case)
    out: list[Hotspot] = []
    for category, items in sorted(by_category.items()):
        items.sort(key=lambda c: c.id)
        radius = float(radius_for(category))
        index = PointIndex([c.id for c in items], [c.lat for c in items], [c.lng for c in items])
        # One batched ball query over the index's unit vectors: chord distance ranks exactly
        # like great-circle distance, so the chord radius is the metre radius (see geo.distance).
        chord = arc_m_to_chord(radius + RADIUS_SLACK_M)
        assert index.tree is not None
        neighbours = [
            sorted(found) for found in index.tree.query_ball_point(index.unit_vectors, chord)
        ]
        order = sorted(range(len(items)), key=lambda i: (-len(neighbours[i]), items[i].id))
        taken = [False] * len(items)
        for i in order:
            if taken[i]:
                continue
            members = [j for j in neighbours[i] if not taken[j]]
            for j in members:
                taken[j] = True
            centre = items[i]
            spot = Hotspot(
                category,
                centre.id,
                centre.lat,
                centre.lng,
                radius,
                sorted(items[j].id for j in members),
                sum(items[j].weight for j in members),
            )
            if spot.size >= min_size:
                out.append(spot)
    out.sort(key=lambda h: (-h.weight, -h.size, h.centre_id))
    return out
