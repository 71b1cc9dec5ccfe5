"""The NinjaAPI under /api/v1: one router per app, errors mapped once."""

from __future__ import annotations

from typing import Literal

from django.shortcuts import render
from ninja import Field, NinjaAPI, Schema, Swagger
from ninja.openapi.docs import _csrf_needed

from redrider.core.api import CleanParser, declare_refusals, install_error_handlers
from redrider.core.discovery import app_modules
from redrider.core.health import health as health_check
from redrider.core.unavailable import install as install_outage_handlers


class LocalSwagger(Swagger):
    """Swagger UI served from our static files (swagger-ui-dist), never a CDN: the docs work
    offline and under the Content-Security-Policy (no inline script)."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": self.settings, "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, "web/swagger.html", context)


class RedRiderAPI(NinjaAPI):
    """The API whose schema declares, besides each operation's own answers, the refusals every
    operation gives by its shape (`core.api.declare_refusals`)."""

    def get_openapi_schema(self, *args, **kwargs):
        return declare_refusals(super().get_openapi_schema(*args, **kwargs))


api = RedRiderAPI(
    title="Red Rider (红骑手) API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    parser=CleanParser(),
    docs=LocalSwagger(settings={"layout": "BaseLayout", "deepLinking": True}),
)
install_error_handlers(api)
install_outage_handlers(api)


class HealthCheckOut(Schema):
    ok: bool
    ms: float = Field(description="how long the check took")
    error: str | None = Field(None, description="why the service is counted down")
    vendor: str | None = None
    backend: str | None = None
    waiting: int | None = Field(None, description="tasks ready and waiting (task queue)")
    oldest_waiting_s: int | None = Field(None, description="age of the oldest waiting task")


class HealthOut(Schema):
    status: Literal["ok", "unavailable"]
    database: str = Field(description="the database vendor: sqlite or postgresql")
    checks: dict[str, HealthCheckOut] = Field(description="database, cache and tasks")


@api.get("/health", auth=None, tags=["health"], response={200: HealthOut, 503: HealthOut})
def health(request):
    """The database, the cache and the task queue (core.health): 503 when one is down."""
    return health_check()


def _mount() -> None:
    """Each app's `api.py` (found by name) mounts its `router` at /api/v1/<app label> — or at its
    `PREFIX` — and any `EXTRA_ROUTERS` [(prefix, router)] it declares. core/api.py is the shared
    plumbing (errors, pagination), not a router."""
    for config, module in app_modules("api"):
        if config.label == "core":
            continue
        api.add_router(getattr(module, "PREFIX", f"/{config.label}"), module.router)
        for extra_prefix, extra in getattr(module, "EXTRA_ROUTERS", []):
            api.add_router(extra_prefix, extra)


_mount()
