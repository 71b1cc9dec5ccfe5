"""Seeding only what the census needs (regions, orgs, accounts, riders) for tests."""

from __future__ import annotations

import importlib
import io

from django.db import transaction

from redrider.core.demo import SeedContext

NEEDED = [
    "redrider.regions.seeding",
    "redrider.orgs.seeding",
    "redrider.accounts.seeding",
    "redrider.riders.seeding",
]


def seed_census(scale: str = "small", seed: int = 1) -> SeedContext:
    ctx = SeedContext(scale=scale, seed=seed, password="pw-demo-1234", out=io.StringIO())
    for name in NEEDED:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        with transaction.atomic():
            module.seed(ctx)
    return ctx
