"""Models of the points app: the ledger, earning rules, rewards and benefits."""

from .benefits import Benefit, BenefitApplication  # noqa: F401
from .ledger import Account, EarningRule, Entry, Fund, Transaction  # noqa: F401
from .rewards import CatalogueItem, RedemptionOrder, StockMovement  # noqa: F401
