"""The redemption order's workflow as data (a table of `redrider.core.workflow`): an order waits
for pickup, then is handed over, cancelled or expires — each only from pending. The services in
`services/rewards.py` apply it; closing an order also returns its points and stock."""

from __future__ import annotations

from redrider.core.workflow import Step, Workflow

from .choices import OrderStatus as O

ORDER_FLOW = Workflow(
    Step("fulfil", {O.PENDING}, O.FULFILLED),  # the host scanned the pickup code
    Step("cancel", {O.PENDING}, O.CANCELLED),  # the rider or staff; points and stock return
    Step("expire", {O.PENDING}, O.EXPIRED),  # not picked up in time; points and stock return
)
