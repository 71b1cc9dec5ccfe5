"""The project's URLs plus GET /api/v1/bench/constant (same API, same auth, no work)."""

from ninja import Router

from config.api import api
from redrider.core.api import AUTH

floor = Router(tags=["bench"], auth=AUTH)


@floor.get("/constant")
def constant(request):
    return {"items": [], "count": 0, "crs": "wgs84"}


api.add_router("/bench", floor)

from config.urls import urlpatterns  # noqa: E402,F401 - built after the bench router is added
