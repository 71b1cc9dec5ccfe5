"""Writes of the points app. Public entry points are re-exported here.

Every service is atomic, raises `DomainError` and writes its audit row. The ledger is moved only
through `services.ledger.post_transaction`, which locks the accounts it touches in primary-key
order (PostgreSQL row locks; SQLite serialises writers with BEGIN IMMEDIATE) and refuses to take
any balance below zero.
"""

from .benefits import (  # noqa: F401
    benefit_apply,
    benefit_create,
    benefit_decide,
    benefit_update,
    benefits_for_rider,
)
from .confidential import REVEAL, points_confidential_reveal  # noqa: F401
from .deeds import (  # noqa: F401
    attendance_award,
    tipoff_reward_settle,
    tipoff_rewards_settle,
)
from .ledger import (  # noqa: F401
    account_for_rider,
    fund_create,
    fund_grant,
    points_award,
    points_award_manual,
    points_reverse,
    rule_resolve,
    system_account,
)
from .rewards import (  # noqa: F401
    item_create,
    item_restock,
    item_update,
    points_order_cancel,
    points_order_fulfil,
    points_orders_expire,
    points_redeem,
)
from .rules import rule_set  # noqa: F401
