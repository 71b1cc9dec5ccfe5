"""Demo demonstration sites: the 2023 round named 30 (7 rider party organisations) and looked
again at 40 sites named before (回头看), all through the assessment service, so every site has
its full history."""

from __future__ import annotations

import datetime as dt

from redrider.orgs.models import GuidanceStation, PartyOrganisation
from redrider.stations.models import Station

from .. import services
from ..choices import SITE_CHECKLIST, SiteKind
from .campaigns import at

ROUND = 2023
SICHUAN = {
    "new_orgs": 7,
    "new_guidance": 12,
    "new_stations": 11,
    "failed": 5,
    "old": 50,
    "reviewed": 40,
    "rectify": 5,
    "revoke": 2,
}
SMALL = {
    "new_orgs": 1,
    "new_guidance": 1,
    "new_stations": 1,
    "failed": 1,
    "old": 5,
    "reviewed": 4,
    "rectify": 0,
    "revoke": 1,
}


def spread(objects: list, n: int, start: int = 0) -> list:
    """`n` objects taken round-robin over prefectures (in code order, beginning at the
    `start`-th), so every city has some and different kinds begin in different cities."""
    groups: dict[str, list] = {}
    for o in objects:
        groups.setdefault(o.region_code[:4], []).append(o)
    order = sorted(groups)
    if order:
        order = order[start % len(order) :] + order[: start % len(order)]
    out: list = []
    while len(out) < n and any(groups.values()):
        for key in order:
            if groups[key] and len(out) < n:
                out.append(groups[key].pop(0))
    return out


def scores_for(rng, total: int) -> dict[str, int]:
    """Checklist points adding up to `total` (each within its item's maximum)."""
    tops = [top for _key, _label, top in SITE_CHECKLIST]
    points = [round(top * total / 100) for top in tops]
    diff = total - sum(points)
    i = 0
    while diff:
        step = 1 if diff > 0 else -1
        if 0 <= points[i % len(points)] + step <= tops[i % len(points)]:
            points[i % len(points)] += step
            diff -= step
        i += 1
    return {key: p for (key, _label, _top), p in zip(SITE_CHECKLIST, points, strict=True)}


def _propose_and_name(actor, rng, objects, kind, *, year, total_range, when):
    named = []
    for o in objects:
        site = services.site_propose(actor=actor, kind=kind, link_id=o.pk, now=when)
        total = rng.randint(*total_range)
        services.site_assess(
            actor=actor,
            site=site,
            kind="naming",
            year=year,
            scores=scores_for(rng, total),
            evidence="现场查看阵地、台账和活动记录",
            now=when + dt.timedelta(days=30),
        )
        named.append(site)
    return named


def seed(ctx, actor) -> dict:
    rng = ctx.rng("honours.sites")
    n = SMALL if ctx.scale == "small" else SICHUAN
    orgs = spread(
        list(
            PartyOrganisation.objects.filter(region_code__startswith="51").order_by(
                "region_code", "id"
            )
        ),
        n["new_orgs"],
    )
    guidance = list(
        GuidanceStation.objects.filter(region_code__startswith="51").order_by("region_code", "id")
    )
    stations = list(
        Station.objects.filter(region_code__startswith="51").order_by("region_code", "id")
    )
    g_new = spread(guidance, n["new_guidance"] + n["failed"] + n["old"] // 2, start=7)
    s_new = spread(stations, n["new_stations"] + n["old"] - n["old"] // 2, start=19)
    g_round, g_failed, g_old = (
        g_new[: n["new_guidance"]],
        g_new[n["new_guidance"] : n["new_guidance"] + n["failed"]],
        g_new[n["new_guidance"] + n["failed"] :],
    )
    s_round, s_old = s_new[: n["new_stations"]], s_new[n["new_stations"] :]

    # Sites named in earlier rounds (2021, 2022): the ones the 2023 round looks at again.
    old = []
    for i, group in enumerate((g_old, s_old)):
        kind = SiteKind.GUIDANCE_STATION if i == 0 else SiteKind.WARM_STATION
        for j, o in enumerate(group):
            year = 2021 if j % 2 == 0 else 2022
            old += _propose_and_name(
                actor, rng, [o], kind, year=year, total_range=(82, 96), when=at(dt.date(year, 3, 1))
            )
    # The 2023 round: new candidates named (or not), then the 回头看 of earlier ones.
    when = at(dt.date(ROUND, 9, 1))
    new = _propose_and_name(
        actor, rng, orgs, SiteKind.PARTY_ORGANISATION, year=ROUND, total_range=(84, 97), when=when
    )
    new += _propose_and_name(
        actor, rng, g_round, SiteKind.GUIDANCE_STATION, year=ROUND, total_range=(82, 96), when=when
    )
    new += _propose_and_name(
        actor, rng, s_round, SiteKind.WARM_STATION, year=ROUND, total_range=(80, 95), when=when
    )
    _propose_and_name(
        actor, rng, g_failed, SiteKind.GUIDANCE_STATION, year=ROUND, total_range=(62, 78), when=when
    )
    reviewed = old[: n["reviewed"]]
    for i, site in enumerate(reviewed):
        if i < n["revoke"]:
            total, note = rng.randint(40, 58), "党组织活动长期停滞，阵地挪作他用"
        elif i < n["revoke"] + n["rectify"]:
            total, note = rng.randint(62, 78), "台账不全，限期三个月整改"
        else:
            total, note = rng.randint(81, 97), ""
        services.site_assess(
            actor=actor,
            site=site,
            kind="review",
            year=ROUND,
            scores=scores_for(rng, total),
            evidence="回头看：查阅台账、走访骑手",
            note=note,
            now=at(dt.date(ROUND, 11, 15)),
        )
    return {
        "new": len(new),
        "rider_orgs": len(orgs),
        "reviewed": len(reviewed),
    }
