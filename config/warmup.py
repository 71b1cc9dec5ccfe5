"""Load once, before the workers fork, what each would otherwise load on its first request.

The county boundaries (appeal routing, ~4 s and ~150 MB) and the nearest-station index
(1–2 s at national scale) are read-only after loading, so with gunicorn's `preload_app` the
workers share the master's copy (copy-on-write) and no rider waits for them after a deploy
or a worker restart. Database connections opened here are closed before the fork: a
connection must never be shared between processes.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger("redrider.warmup")


def warm_up() -> dict[str, float]:
    """Load the shared read-only structures; returns the seconds each took (logged)."""
    from django.db import connections

    from redrider.regions import geocode, tree
    from redrider.stations import nearby

    took: dict[str, float] = {}
    for name, load in (
        ("boundaries", geocode._load),
        ("region_tree", tree.nodes),
        ("station_index", nearby.snapshot),
    ):
        started = time.perf_counter()
        try:
            load()
        except Exception:  # noqa: BLE001 - a cold start is slower, never fatal
            log.warning("warm-up of %s failed; it loads on first use", name, exc_info=True)
        took[name] = round(time.perf_counter() - started, 3)
    connections.close_all()
    log.info("warm-up done", extra={"seconds": took})
    return took
