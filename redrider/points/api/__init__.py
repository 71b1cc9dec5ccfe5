"""The points API under /api/v1/points: riders' balance, movements, catalogue, redemptions and
benefits; staff's funds, rules, transactions, items, orders, fulfilment and applications."""

from . import rider, staff  # noqa: F401,E402
from ._router import router  # noqa: F401
