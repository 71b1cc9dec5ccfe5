from ninja import Router

from redrider.core.api import AUTH

router = Router(tags=["riders"], auth=AUTH)
