"""`GET /api/v1/health`: the database, the cache and the task queue, each checked for real.

200 `{"status": "ok", "database": vendor, "checks": {...}}` when all three answer; 503
`{"detail", "code": "service_unavailable", "status": "unavailable", "checks": ...}` with the
failing check's reason when one does not — so a load balancer
takes the process out of rotation and monitoring says which service to look at. Each check
reports its time in milliseconds. Nothing personal is read.

- database: `SELECT 1` on the default connection;
- cache: a write and a read of a key of our own (Redis in production; the cache ignores Redis
  errors for everything else, so this is where an outage shows);
- task queue: the django-tasks backend. The database backend's queue must be readable and its
  oldest ready task younger than TASK_QUEUE_STALE_SECONDS — older means no worker is taking
  work. The immediate backend (tests) has nothing to check.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone


def _timed(check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # noqa: BLE001 - any failure of a dependency is "down", said once
        result = {"ok": False, "error": type(exc).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_cache() -> dict:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    seen = cache.get(key)
    cache.delete(key)
    if seen != value:
        return {"ok": False, "error": "cache did not keep a value"}
    return {"ok": True, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_tasks() -> dict:
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return {"ok": True, "backend": backend.rsplit(".", 1)[-1]}
    from django_tasks_db.models import DBTaskResult

    try:
        ready = DBTaskResult.objects.ready()
        waiting = ready.count()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError:
        return {"ok": False, "error": "the task queue cannot be read"}
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    stale = int(getattr(settings, "TASK_QUEUE_STALE_SECONDS", 900))
    result: dict[str, Any] = {
        "ok": age <= stale,
        "waiting": waiting,
        "oldest_waiting_s": round(age),
    }
    if not result["ok"]:
        result["error"] = f"a task has waited {round(age)} s: is the worker running?"
    return result


def health() -> tuple[int, dict]:
    """(status code, body) of the health check."""
    checks = {
        "database": _timed(check_database),
        "cache": _timed(check_cache),
        "tasks": _timed(check_tasks),
    }
    ok = all(c["ok"] for c in checks.values())
    body: dict = {
        "status": "ok" if ok else "unavailable",
        "database": connection.vendor,
        "checks": checks,
    }
    if not ok:
        down = ", ".join(name for name, c in checks.items() if not c["ok"])
        # A refusal like every other (`{"detail", "code"}`), with the checks beside it.
        body = {
            "detail": f"服务不可用：{down} / unavailable: {down}",
            "code": "service_unavailable",
            **body,
        }
    return (200 if ok else 503), body
