"""The honours API, mounted at /api/v1/honours/: one router made of the parts below.

Thin: parse, call one selector or service, shape the answer through the schemas. Errors are
DomainErrors mapped once to `{"detail", "code"}`.
"""

from ninja import Router

from redrider.accounts.api_auth import AUTH

from . import campaigns, public, riders, sites

router = Router(tags=["honours"], auth=AUTH)
router.add_router("", public.router)
router.add_router("", campaigns.router)
router.add_router("", riders.router)
router.add_router("", sites.router)

__all__ = ["router"]
