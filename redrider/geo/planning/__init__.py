"""Planning new warm stations: the maximal covering location problem (MCLP).

Build a ``CoverageProblem`` with ``build_problem(demand, candidates, radius_m, existing)``, then
ask a solver for ``k`` sites:

* ``greedy`` - lazy greedy, milliseconds, at least (1 - 1/e) of the optimal gain;
* ``greedy_swap`` - greedy then 1-swap local search, usually within a fraction of a percent of
  the optimum, seconds on province-sized instances;
* ``solve_milp`` - HiGHS branch-and-bound with a time limit, with a proven bound and gap;
* ``fewest_sites`` - greedy set cover: how many new sites reach a target coverage share;
* ``exhaustive`` - enumeration, for tiny instances and tests.

Every solver returns a ``Plan``.
"""

from redrider.geo.planning.exact import exhaustive, solve_milp
from redrider.geo.planning.greedy import fewest_sites, greedy, greedy_swap, swap_search
from redrider.geo.planning.problem import CoverageProblem, Plan, PlannedSite, build_problem
from redrider.geo.planning.synthetic import grid_candidates, synthetic_demand

__all__ = [
    "CoverageProblem",
    "Plan",
    "PlannedSite",
    "build_problem",
    "exhaustive",
    "fewest_sites",
    "greedy",
    "greedy_swap",
    "grid_candidates",
    "solve_milp",
    "swap_search",
    "synthetic_demand",
]
