"""Indicators defined once: each key is a queryset, an aggregate and a date, with a sentence a
person can read (what is counted, as of when). From that one definition the platform computes
one region, its children, any period and a monthly trend — directly from the rows here, and
from the dashboard's rollups (which are built and checked from the very same definitions).

Each app lists its indicators in `indicators.py` as `INDICATORS = [...]`:

* `Tally` — a count or sum over rows: additive (children add up to their parent), kept per
  county and day in the dashboard's rollups. `period="flow"` counts the rows dated in the period
  (activities held, visits made); `period="stock"` counts what exists at the period's end (rows
  dated on or before it, in their current state: riders registered, stations not retired).
* `Distinct` — distinct values among rows (riders in governance): a rider counts once in a
  region however many times they came, so children need not add up to the parent.
* `Ratio` — one tally over another (average stars), from the two tallies' figures.
* `Computed` — anything else (medians, "in force here" rules, the latest assessment round):
  a function of the user, the regions and the period, computed directly.

A period is two Asia/Shanghai calendar days, both optional (no start: since the beginning; no
end: everything recorded, scheduled rows included). Days of timestamps are Shanghai days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.functional import Promise

from redrider.core.scoping import scope_prefix

from . import tree

SHANGHAI = ZoneInfo("Asia/Shanghai")
FLOW = "flow"
STOCK = "stock"

Number = int | float | None


@dataclass(frozen=True)
class Period:
    """Asia/Shanghai calendar days, both inclusive; None leaves that side open."""

    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def open(self) -> bool:
        return self.start is None and self.end is None

    def for_stock(self) -> Period:
        """What a stock figure reads: everything up to the end."""
        return Period(None, self.end)


ALL_TIME = Period()


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """What every indicator says about itself (the definitions list and the page show it)."""

    key: str
    # Lazy translations (gettext_lazy): read in the viewer's language when shown.
    label: str | Promise
    definition: str | Promise
    unit: str | Promise = ""
    additive: bool = True
    # A component of another figure (a ratio's numerator): computed, never shown on its own.
    hidden: bool = False
    # Who may see the figure (None for the others): e.g. party members need political status.
    visible: Callable[[Any], bool] | None = None
    period: str = FLOW
    group: str = ""  # the app's label, filled in by the registry

    def shown_to(self, user) -> bool:
        return self.visible is None or bool(self.visible(user))

    @property
    def rolled(self) -> bool:
        """Kept in the dashboard's rollups (an additive tally); else computed directly."""
        return False

    def evaluate(
        self, *, user, parent: str, children: list[str], period: Period
    ) -> dict[str, Number]:  # pragma: no cover - abstract
        raise NotImplementedError


def region_filter(path: str, code: str) -> Q:
    """Rows of region `code` and everything under it (every row for the whole country)."""
    prefix = scope_prefix(code)
    return Q(**{f"{path}__startswith": prefix}) if prefix else Q()


def child_finder(children: list[str]) -> Callable[[str | None], str | None]:
    """`tree.child_of(code, children)` for many rows: each distinct code is looked up once (a
    row-by-row figure over the whole country reads thousands of rows from a few hundred
    counties, against 34 provinces)."""
    found: dict[str | None, str | None] = {None: None, "": None}

    def child(code: str | None) -> str | None:
        if code not in found:
            found[code] = tree.child_of(code, children)  # type: ignore[arg-type]
        return found[code]

    return child


def _field_of(model: type[models.Model], path: str) -> models.Field:
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model  # type: ignore[assignment]
    return model._meta.get_field(parts[-1])  # type: ignore[return-value]


def tidy(value: Number) -> Number:
    """Sums of floats drift in the last bits: figures are given to 6 decimals, whole numbers
    as integers (so a direct count and a rollup print the same)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        value = round(value, 6)
        if value.is_integer():
            return int(value)
    return value


def _number(value) -> Number:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return float(value)
    return value


@dataclass(frozen=True, kw_only=True)
class Tally(Indicator):
    """A count (or a sum) of rows of `model` matching `where`, attributed to a day by `date`
    (a field path, or an expression giving a date) and to a region by `region`.

    `rows(user)` is where a person's reading starts (default `visible_to(user)`); `depends`
    names the other models whose writes can change the figure (a check-in's station moving
    county, an activity's theme), so the rollups know to recount.
    """

    model: type[models.Model]
    # A Q, or a function giving one when asked (a figure relative to now, e.g. overdue cases:
    # computed from the rows each time, never kept in rollups).
    where: Q | Callable[[], Q] = field(default_factory=Q)
    value: Any = None  # an aggregate; None → Count("pk")
    date: Any = "created_at"
    region: str = "region_code"
    depends: tuple[type[models.Model], ...] = ()
    rows: Callable[[Any], QuerySet] | None = None

    @property
    def rolled(self) -> bool:
        return self.additive and isinstance(self.where, Q)

    def condition(self) -> Q:
        return self.where if isinstance(self.where, Q) else self.where()

    def aggregate(self):
        return self.value if self.value is not None else Count("pk")

    def base(self, user) -> QuerySet:
        """The rows this figure counts, as `user` may read them."""
        if self.rows:
            qs = self.rows(user)
        else:  # every counted model has a region-scoped manager (core.scoping)
            qs = self.model.objects.visible_to(user)  # type: ignore[attr-defined]
        return qs.filter(self.condition())

    def everything(self) -> QuerySet:
        """Every row this figure counts, whoever asks (the rollups' source)."""
        return self.model._default_manager.filter(self.condition())

    def day_expression(self):
        """The Shanghai calendar day of each row."""
        if not isinstance(self.date, str):
            return self.date
        if isinstance(_field_of(self.model, self.date), models.DateTimeField):
            return TruncDate(self.date, tzinfo=SHANGHAI)
        return F(self.date)

    def in_period(self, qs: QuerySet, period: Period) -> QuerySet:
        period = period.for_stock() if self.period == STOCK else period
        if period.open:
            return qs
        if isinstance(self.date, str) and isinstance(
            _field_of(self.model, self.date), models.DateTimeField
        ):
            # Bounds on the stored timestamp itself, so its index serves the filter.
            if period.start is not None:
                qs = qs.filter(**{f"{self.date}__gte": day_start(period.start)})
            if period.end is not None:
                end = day_start(period.end + dt.timedelta(days=1))
                qs = qs.filter(**{f"{self.date}__lt": end})
            return qs
        qs = qs.annotate(figure_day=self.day_expression())
        if period.start is not None:
            qs = qs.filter(figure_day__gte=period.start)
        if period.end is not None:
            qs = qs.filter(figure_day__lte=period.end)
        return qs

    def by_region(self, qs: QuerySet) -> Iterable[tuple[str, Number]]:
        """(region code, value) per stored region code, one grouped query."""
        rows = qs.order_by().values(self.region).annotate(figure_value=self.aggregate())
        return ((r[self.region], _number(r["figure_value"])) for r in rows)

    def evaluate(self, *, user, parent, children, period):
        qs = self.in_period(self.base(user).filter(region_filter(self.region, parent)), period)
        out: dict[str, Number] = dict.fromkeys(children, 0)
        for code, value in self.by_region(qs):
            child = tree.child_of(code, children) if children != [parent] else parent
            if child is not None and code is not None:
                out[child] += value  # type: ignore[operator]
        return out

    def exact(self, codes: Iterable[str], period: Period) -> dict[str, Number]:
        """The figure for rows stored with exactly these region codes (not those under them)."""
        codes = list(codes)
        qs = self.in_period(self.everything().filter(**{f"{self.region}__in": codes}), period)
        out: dict[str, Number] = dict.fromkeys(codes, 0)
        for code, value in self.by_region(qs):
            out[code] += value  # type: ignore[operator]
        return out

    def daily(self, codes: Iterable[str] | None = None) -> QuerySet:
        """`{"figure_region", "figure_day", "figure_value"}` per stored region code and day
        (the rollups' rows)."""
        qs = self.everything()
        if codes is not None:
            qs = qs.filter(**{f"{self.region}__in": list(codes)})
        return (
            qs.order_by()
            .annotate(figure_region=F(self.region), figure_day=self.day_expression())
            .values("figure_region", "figure_day")
            .annotate(figure_value=self.aggregate())
        )

    def tables(self) -> list[str]:
        return [self.model._meta.db_table] + [m._meta.db_table for m in self.depends]


@dataclass(frozen=True, kw_only=True)
class Distinct(Tally):
    """How many distinct `of` values the matching rows have (e.g. riders, not attendances)."""

    of: str = "pk"
    additive: bool = False

    def evaluate(self, *, user, parent, children, period):
        qs = self.in_period(self.base(user).filter(region_filter(self.region, parent)), period)
        seen: dict[str, set] = {c: set() for c in children}
        child_of = child_finder(children)
        for code, value in qs.order_by().values_list(self.region, self.of).distinct():
            child = child_of(code)
            if child is not None:
                seen[child].add(value)
        return {c: len(v) for c, v in seen.items()}


@dataclass(frozen=True, kw_only=True)
class Ratio(Indicator):
    """`numerator / denominator` of two (hidden) tallies, rounded; None when nothing to divide."""

    numerator: str
    denominator: str
    digits: int = 2
    additive: bool = False

    def combine(self, top: Number, bottom: Number) -> Number:
        if not bottom:
            return None
        return round(float(top or 0) / float(bottom), self.digits)


@dataclass(frozen=True, kw_only=True)
class Computed(Indicator):
    """A figure computed by `compute(*, user, parent, children, period)` → {child: value}."""

    compute: Callable[..., dict[str, Number]]

    def evaluate(self, *, user, parent, children, period):
        return self.compute(user=user, parent=parent, children=children, period=period)


def evaluate_all(
    indicators: Iterable[Indicator],
    *,
    user,
    parent: str,
    children: list[str] | None = None,
    period: Period = ALL_TIME,
    rolled: Callable[[list[Tally], list[str]], dict[str, dict[str, Number]]] | None = None,
) -> dict[str, dict[str, Number]]:
    """`{child: {key: value}}` for `children` of `parent` (default: the parent alone).

    `rolled(tallies, children)` may answer the additive tallies from rollups; the others (and
    every tally when it is not given) are computed from the rows. Ratios follow their parts;
    figures the user may not see are None.
    """
    indicators = list(indicators)
    children = children or [parent]
    out: dict[str, dict[str, Number]] = {c: {} for c in children}
    fast = [i for i in indicators if isinstance(i, Tally) and i.rolled] if rolled else []
    if fast:
        for child, values in rolled(fast, children).items():  # type: ignore[misc]
            out[child].update(values)
    done = {i.key for i in fast}
    for ind in indicators:
        if ind.key in done or isinstance(ind, Ratio):
            continue
        values = ind.evaluate(user=user, parent=parent, children=children, period=period)
        for child in children:
            out[child][ind.key] = values.get(child)
    for ind in indicators:
        if isinstance(ind, Ratio):
            # Its parts are tallies of the same list (hidden ones when they are not shown).
            for figures in out.values():
                figures[ind.key] = ind.combine(figures[ind.numerator], figures[ind.denominator])
    for ind in indicators:
        for child in children:
            out[child][ind.key] = tidy(out[child][ind.key]) if ind.shown_to(user) else None
    return out


def values_for(
    indicators: Iterable[Indicator], *, user, region_code: str, period: Period = ALL_TIME
) -> dict[str, Number]:
    """Every (shown) figure of one region, computed from the rows: `{key: value}`."""
    indicators = list(indicators)
    values = evaluate_all(indicators, user=user, parent=region_code, period=period)[region_code]
    return {i.key: values[i.key] for i in indicators if not i.hidden}


def labels(indicators: Iterable[Indicator]) -> dict[str, str]:
    return {i.key: str(i.label) for i in indicators if not i.hidden}
