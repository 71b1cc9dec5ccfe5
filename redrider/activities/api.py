from ninja import Router

from redrider.core.api import AUTH

router = Router(tags=["activities"], auth=AUTH)
