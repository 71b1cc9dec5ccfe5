"""Demo 百位典型 (synthetic people only), run by `redrider seed_demo` after the census, the
appeals and the activities (their records become nomination evidence).

`sichuan`: the completed 2023 campaign with exactly 437 exemplars over the 21 prefectures (three
named roles among them), an open 2026 campaign in scoring with `demo-juror` assigned Jinjiang
nominations, 30 sites named in the 2023 round (7 rider party organisations) and 40 re-reviewed,
the 红骑手 brand with its six sub-brands, stories, videos, handbooks, placements and Tibetan–
Chinese leaflets, riders' signatures and roles.
`small`: the same shapes with a few rows each, in Chengdu.
"""

from __future__ import annotations

import time

from redrider.accounts.choices import Role
from redrider.accounts.models import User

from . import campaigns, publicity, roles, sites

ORDER = 85
DEMO_JUROR = ("demo-juror", "510104", "锦江区评审专家（演示）")


def organiser(ctx) -> User:
    """The province account that runs the demo's campaigns and assessments."""
    user = ctx.accounts.get("demo-province")
    if user is None:
        user, _created = User.objects.get_or_create(
            username="seed-province",
            defaults={"role": Role.PROVINCE_ADMIN, "scope_code": "510000", "display_name": "省局"},
        )
    return user


def demo_juror(ctx) -> User:
    username, scope, name = DEMO_JUROR
    user = User(username=username, role=Role.JUROR, scope_code=scope, display_name=name)
    user.set_password(ctx.password)
    user.save()
    ctx.accounts[username] = user
    return user


def seed(ctx) -> None:
    started = time.perf_counter()
    actor = organiser(ctx)
    juror = demo_juror(ctx)
    brands = publicity.seed_brands(ctx)
    figures = campaigns.seed_2023(ctx, actor)
    campaigns.seed_2026(ctx, actor, juror)
    site_figures = sites.seed(ctx, actor)
    publicity.seed_content(ctx, actor, brands)
    signed = roles.seed(ctx)
    ctx.log(
        f"honours: {figures['exemplars']} exemplars, {site_figures['new']} new sites "
        f"({site_figures['rider_orgs']} rider party organisations), {site_figures['reviewed']} "
        f"re-reviewed, {signed} initiative signatures; {time.perf_counter() - started:.1f}s"
    )


SEEDS = [(ORDER, seed)]
