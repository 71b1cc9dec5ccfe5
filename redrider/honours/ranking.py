"""Ranking within a quota, with every tie explained (pure Python: no database).

Contract of `rank_within_quota(entries, seats)`:
- entries with no score are never selected and come last, in nomination order;
- the others are ordered by average total (descending), then by the averages of
  `TIE_BREAK_ORDER` in turn, then by the earlier nomination; the first `seats` are selected;
- so at most `seats` entries are ever selected, whatever the scores;
- an entry whose place against its neighbour was decided by a tie-breaker carries a note naming
  the rule that decided it (Chinese first, English too), so the notice can show why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from .choices import CRITERIA, TIE_BREAK_ORDER

LABELS = {key: str(label) for key, label in CRITERIA}
ENGLISH = {
    "loves_party_country": "loves the Party and the country",
    "dedicated": "dedicated to the job",
    "takes_responsibility": "takes responsibility",
    "serves_society": "serves society",
}
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Entry:
    """One nomination's scores: per-criterion averages over its jurors (None when unscored)."""

    id: int
    submitted_at: datetime
    averages: dict[str, Decimal] | None

    @property
    def total(self) -> Decimal | None:
        if self.averages is None:
            return None
        return sum(self.averages.values(), Decimal(0)).quantize(TWO, ROUND_HALF_UP)


@dataclass
class Ranked:
    id: int
    rank: int
    total: Decimal | None
    selected: bool
    tie_note: str = ""
    notes: list[str] = field(default_factory=list)


def average(values: Sequence[int]) -> Decimal:
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(TWO, ROUND_HALF_UP)


def _key(entry: Entry):
    assert entry.averages is not None
    return (
        -entry.total,  # type: ignore[operator]
        *(-entry.averages[k] for k in TIE_BREAK_ORDER),
        entry.submitted_at,
        entry.id,
    )


def _why(me: Entry, other: Entry, *, ahead: bool) -> str:
    """Why `me` stands ahead of (or behind) `other`, whose total is the same."""
    assert me.averages is not None and other.averages is not None
    for key in TIE_BREAK_ORDER:
        mine, theirs = me.averages[key], other.averages[key]
        if mine != theirs:
            zh_side, en_side = ("高于", "higher") if ahead else ("低于", "lower")
            zh_place, en_place = (
                ("排在其前", "ranked ahead") if ahead else ("排在其后", "ranked behind")
            )
            return (
                f"与 #{other.id} 总分同为 {me.total}，“{LABELS[key]}”平均分 {mine} {zh_side} "
                f"{theirs}，{zh_place} / same total {me.total} as #{other.id}; {en_side} "
                f"“{ENGLISH[key]}” average ({mine} vs {theirs}), {en_place}"
            )
    zh_place, en_place = (
        ("提名在先，排在其前", "nominated earlier, ranked ahead")
        if ahead
        else (
            "提名在后，排在其后",
            "nominated later, ranked behind",
        )
    )
    return (
        f"与 #{other.id} 总分及各项平均分均相同，{zh_place} / same total and averages as "
        f"#{other.id}; {en_place}"
    )


def rank_within_quota(entries: Sequence[Entry], seats: int) -> list[Ranked]:
    """Order `entries` and select at most `seats` of them (see the module docstring)."""
    if seats < 0:
        raise ValueError("seats must not be negative")
    scored = sorted((e for e in entries if e.averages is not None), key=_key)
    unscored = sorted(
        (e for e in entries if e.averages is None), key=lambda e: (e.submitted_at, e.id)
    )
    out: list[Ranked] = []
    for i, entry in enumerate(scored):
        ranked = Ranked(entry.id, i + 1, entry.total, selected=i < seats)
        if i > 0 and scored[i - 1].total == entry.total:
            ranked.notes.append(_why(entry, scored[i - 1], ahead=False))
        if i + 1 < len(scored) and scored[i + 1].total == entry.total:
            ranked.notes.append(_why(entry, scored[i + 1], ahead=True))
        out.append(ranked)
    for j, entry in enumerate(unscored):
        out.append(
            Ranked(
                entry.id,
                len(scored) + j + 1,
                None,
                selected=False,
                notes=["未评分，不参与排名 / not scored, not ranked"],
            )
        )
    for ranked in out:
        ranked.tie_note = "；".join(ranked.notes)[:600]
    return out
