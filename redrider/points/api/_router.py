from ninja import Router

from redrider.accounts.api_auth import AUTH

router = Router(tags=["points"], auth=AUTH)
