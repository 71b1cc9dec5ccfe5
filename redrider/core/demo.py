"""The demo-data framework behind `redrider seed_demo`.

Each app may ship a `seeding.py` with `ORDER` (an int) and `seed(ctx: SeedContext)`, or with
`SEEDS = [(order, function), ...]` when parts of its data must wait for other apps' (e.g. station
check-ins need the census's riders). The command runs every step in order, each in its own
transaction, with one deterministic random source per app.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

from .discovery import app_modules

SCALES = ("small", "sichuan", "national")


@dataclass
class SeedContext:
    scale: str
    seed: int
    password: str
    out: Any
    accounts: dict[str, Any] = field(default_factory=dict)  # demo name → User
    shared: dict[str, Any] = field(default_factory=dict)  # facts one seeder leaves for the next

    def rng(self, name: str) -> random.Random:
        """A random source that depends only on the seed and the app: adding one app's data
        never changes another's."""
        return random.Random(f"{self.seed}:{name}")

    def log(self, message: str) -> None:
        self.out.write(message)


def seeders() -> list[tuple[int, str, Any]]:
    found = []
    for config, module in app_modules("seeding"):
        steps = getattr(module, "SEEDS", None) or [(getattr(module, "ORDER", 100), module.seed)]
        for order, function in steps:
            found.append((order, f"{config.label}.{function.__name__}", function))
    return sorted(found, key=lambda item: (item[0], item[1]))


def run_all(ctx: SeedContext) -> None:
    from django.db import transaction

    for _order, label, function in seeders():
        started = time.perf_counter()
        with transaction.atomic():
            function(ctx)
        ctx.log(f"  {label}: {time.perf_counter() - started:.1f}s")
