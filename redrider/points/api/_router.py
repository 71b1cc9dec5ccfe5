from ninja import Router

from redrider.core.api import AUTH

router = Router(tags=["points"], auth=AUTH)
