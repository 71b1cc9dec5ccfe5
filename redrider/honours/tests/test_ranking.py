"""Ranking within a quota: never more than the seats, ties explained (pure, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redrider.honours.choices import CRITERION_KEYS
from redrider.honours.ranking import Entry, rank_within_quota

T0 = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


def entry(i: int, *values: int | None, minutes: int = 0) -> Entry:
    averages = (
        None if values == (None,) else dict(zip(CRITERION_KEYS, map(Decimal, values), strict=True))
    )
    return Entry(i, T0 + dt.timedelta(minutes=minutes or i), averages)


averages = st.one_of(
    st.none(),
    st.tuples(*[st.integers(0, 25)] * 4).map(
        lambda t: dict(zip(CRITERION_KEYS, map(Decimal, t), strict=True))
    ),
)


# The machine is shared: a slow draw is load, not a problem with the strategy.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(averages, max_size=30), st.integers(0, 12))
def test_no_ranking_ever_selects_more_than_the_seats(scores, seats):
    # given any scores, scored or not, and any number of seats
    entries = [Entry(i, T0 + dt.timedelta(minutes=i), a) for i, a in enumerate(scores)]
    # when they are ranked
    ranked = rank_within_quota(entries, seats)
    # then at most `seats` are selected, never an unscored one, and ranks run 1..n
    assert sum(r.selected for r in ranked) == min(seats, sum(a is not None for a in scores))
    assert all(r.total is not None for r in ranked if r.selected)
    assert sorted(r.rank for r in ranked) == list(range(1, len(entries) + 1))


def test_the_higher_total_ranks_first():
    # given two entries with different totals
    ranked = rank_within_quota([entry(1, 20, 20, 20, 20), entry(2, 25, 25, 25, 20)], 1)
    # then the higher total is first and alone selected, with no tie note
    assert [(r.id, r.selected) for r in ranked] == [(2, True), (1, False)]
    assert ranked[0].tie_note == ""


def test_equal_totals_are_decided_by_serving_society_and_the_note_says_so():
    # given two entries with the same total 90, one higher on 奉献社会
    a = entry(1, 25, 25, 20, 20)
    b = entry(2, 20, 25, 20, 25)
    # when one seat is filled
    ranked = {r.id: r for r in rank_within_quota([a, b], 1)}
    # then the one higher on serving society wins, and both notes name the rule
    assert ranked[2].selected and not ranked[1].selected
    assert "奉献社会" in ranked[2].tie_note and "排在其前" in ranked[2].tie_note
    assert "奉献社会" in ranked[1].tie_note and "排在其后" in ranked[1].tie_note


def test_a_complete_tie_goes_to_the_earlier_nomination():
    # given two identical score sets, the second nominated first
    a = entry(1, 22, 22, 22, 22, minutes=50)
    b = entry(2, 22, 22, 22, 22, minutes=5)
    ranked = {r.id: r for r in rank_within_quota([a, b], 1)}
    # then the earlier one is selected and the notes say why
    assert ranked[2].selected and not ranked[1].selected
    assert "提名在先" in ranked[2].tie_note and "提名在后" in ranked[1].tie_note


def test_unscored_nominations_are_never_selected():
    ranked = rank_within_quota([entry(1, None), entry(2, 10, 10, 10, 10)], 2)
    assert {r.id: r.selected for r in ranked} == {1: False, 2: True}
    assert "未评分" in next(r for r in ranked if r.id == 1).tie_note
