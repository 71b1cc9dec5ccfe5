"""How the suite-wide scoping test builds and finds this app's region-owned models."""

from redrider.appeals.tests.factories import make_appeal, make_tipoff
from redrider.core.testing import ScopeCase

from ..models import Appeal, Tipoff

CASES = [
    ScopeCase(
        Appeal,
        lambda code: make_appeal(region_code=code),
        "/api/v1/appeals",
        lambda o: f"/api/v1/appeals/{o.pk}",
    ),
    ScopeCase(
        Tipoff,
        lambda code: make_tipoff(region_code=code),
        "/api/v1/tipoffs",
        lambda o: f"/api/v1/tipoffs/{o.pk}",
    ),
]
