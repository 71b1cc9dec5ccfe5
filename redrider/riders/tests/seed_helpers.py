"""Seeding only what the census needs (regions, orgs, accounts, riders) for tests."""

from __future__ import annotations

import io

from django.db import transaction

from redrider.accounts import seeding as accounts_seeding
from redrider.core.demo import SeedContext
from redrider.orgs import seeding as orgs_seeding
from redrider.regions import seeding as regions_seeding
from redrider.riders import seeding as riders_seeding

NEEDED = [regions_seeding, orgs_seeding, accounts_seeding, riders_seeding]


def seed_census(scale: str = "small", seed: int = 1) -> SeedContext:
    """Run the census's seeding steps in the demo's order (as `seed_demo` would)."""
    ctx = SeedContext(scale=scale, seed=seed, password="pw-demo-1234", out=io.StringIO())
    steps = []
    for module in NEEDED:
        steps += getattr(module, "SEEDS", None) or [(module.ORDER, module.seed)]
    for _order, step in sorted(steps, key=lambda s: s[0]):
        with transaction.atomic():
            step(ctx)
    return ctx
