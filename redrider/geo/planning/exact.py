"""Exact MCLP: the HiGHS mixed-integer solver through ``scipy.optimize.milp``, and exhaustive
enumeration for tiny instances (the reference the tests check every solver against).

The model (columns are demand groups, see ``problem``)::

    maximise   sum_j w_j y_j
    subject to y_j <= sum_{i reaches j} x_i     for every group j
               sum_i x_i <= k
               x_i in {0, 1},  0 <= y_j <= 1

``y`` may stay continuous: for any integral ``x`` the best ``y_j`` is ``min(1, sum x)``, which is
0 or 1, so the optimum is the same and the model is much smaller for the branch-and-bound.

scipy returns ``fun`` (the best objective found, negated here since milp minimises),
``mip_dual_bound`` (the proven bound on the objective: a lower bound on ``-gain``, i.e. an upper
bound on the gain) and ``mip_gap`` = |primal - dual| / |primal|. ``status`` is 0 when optimality is
proven and 1 when the time limit stopped it (then ``x`` is the incumbent, or ``None`` if none was
found yet).
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from redrider.geo.planning.greedy import greedy_order, order_by_marginal_gain
from redrider.geo.planning.problem import CoverageProblem, Plan

__all__ = ["exhaustive", "solve_milp", "undominated_candidates"]

_EXHAUSTIVE_LIMIT = 2_000_000


def solve_milp(
    problem: CoverageProblem,
    k: int,
    *,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 1e-6,
) -> Plan:
    """The optimal ``k`` sites, or the best found within ``time_limit_s`` with a proven bound.

    ``Plan.bound`` is the proven upper bound on total coverage share, ``Plan.gap`` its relative
    distance to the plan's coverage, ``Plan.optimal`` whether HiGHS proved optimality (to
    ``mip_rel_gap``). When HiGHS finds no integral solution in time, the greedy solution is
    reported instead (noted in ``Plan.notes``) together with HiGHS's bound.
    """
    if k < 0:
        raise ValueError(f"k must be non-negative, got {k}")
    t0 = time.perf_counter()
    n_c = problem.n_candidates
    n_g = problem.weight.shape[0]
    notes: list[str] = []
    if k == 0 or n_g == 0 or n_c == 0:
        return Plan(
            solver="milp-highs",
            k=k,
            sites=[],
            demand_total=problem.demand_total,
            baseline_coverage=problem.baseline_share,
            coverage=problem.baseline_share,
            seconds=time.perf_counter() - t0,
            bound=problem.baseline_share,
            gap=0.0,
            optimal=True,
        )
    keep = undominated_candidates(problem)
    notes.append(f"{n_c - keep.shape[0]} dominated candidates set aside")
    n_c = keep.shape[0]
    reach = problem.matrix[keep].T.tocsr()  # groups x kept candidates
    cover_rows = sparse.hstack([-reach, sparse.identity(n_g, format="csr")], format="csr")
    card_row = sparse.csr_matrix(
        np.concatenate([np.ones(n_c), np.zeros(n_g)])[np.newaxis, :], dtype=np.float64
    )
    constraints = [
        LinearConstraint(cover_rows, -np.inf, 0.0),
        LinearConstraint(card_row, 0.0, float(k)),
    ]
    c = np.concatenate([np.zeros(n_c), -problem.weight])
    integrality = np.concatenate([np.ones(n_c), np.zeros(n_g)])
    res = milp(
        c,
        integrality=integrality,
        bounds=Bounds(0.0, 1.0),
        constraints=constraints,
        options={
            "time_limit": float(time_limit_s),
            "mip_rel_gap": mip_rel_gap,
            "disp": False,
            "presolve": False,
        },
    )
    dual = getattr(res, "mip_dual_bound", None)
    bound_weight = -float(dual) if dual is not None and math.isfinite(dual) else None
    if res.x is not None:
        x = np.asarray(res.x[:n_c])
        # The solver's integral values carry rounding (0.9999999); take the k largest above 1/2.
        picked = [int(keep[i]) for i in np.argsort(-x, kind="stable")[:k] if x[i] > 0.5]
    else:
        picked, _ = greedy_order(problem, k)
        notes.append("HiGHS found no integral solution in time; greedy solution reported")
    ordered = order_by_marginal_gain(problem, picked)
    gains = problem.marginal_gains(ordered)
    gained = sum(gains)
    coverage = problem.share(gained)
    bound = None if bound_weight is None else problem.share(max(bound_weight, gained))
    gap = None if bound is None or coverage <= 0 else (bound - coverage) / coverage
    notes.append(f"HiGHS status {res.status}: {res.message}")
    return Plan(
        solver="milp-highs",
        k=k,
        sites=problem.sites_in_order(ordered, gains),
        demand_total=problem.demand_total,
        baseline_coverage=problem.baseline_share,
        coverage=coverage,
        seconds=time.perf_counter() - t0,
        bound=bound,
        gap=gap,
        optimal=res.status == 0,
        notes=notes,
    )


def undominated_candidates(problem: CoverageProblem) -> NDArray[np.intp]:
    """Indices of candidates not dominated by another, ascending.

    Candidate i is dominated when some j reaches every group i reaches and more, or exactly the
    same groups with a lower index; candidates reaching nothing are dominated too. Some optimal
    solution uses undominated candidates only: swap each dominated site for its dominator (or drop
    it when that is already chosen) and coverage cannot fall. Setting them aside shrinks the
    branch-and-bound without changing the optimum.
    """
    a = problem.matrix
    sizes = np.diff(a.indptr)
    overlap = (a @ a.T).tocoo()
    i, j = overlap.row, overlap.col
    covers_all = np.rint(overlap.data).astype(np.intp) == sizes[i]
    dom = (i != j) & covers_all & ((sizes[j] > sizes[i]) | ((sizes[j] == sizes[i]) & (j < i)))
    dominated = sizes == 0
    dominated[i[dom]] = True
    return np.flatnonzero(~dominated)


def exhaustive(problem: CoverageProblem, k: int) -> Plan:
    """Try every set of ``min(k, n)`` candidates; the first best set in lexicographic order wins.

    Raises ``ValueError`` when that is more than two million sets: this is a test oracle.
    """
    if k < 0:
        raise ValueError(f"k must be non-negative, got {k}")
    t0 = time.perf_counter()
    n = problem.n_candidates
    size = min(k, n)
    if math.comb(n, size) > _EXHAUSTIVE_LIMIT:
        raise ValueError(f"C({n}, {size}) sets is too many for exhaustive search")
    best: tuple[int, ...] = ()
    best_w = -1.0
    for combo in itertools.combinations(range(n), size):
        got = problem.gained_weight(combo)
        if got > best_w:
            best, best_w = combo, got
    ordered = order_by_marginal_gain(problem, list(best))
    gains = problem.marginal_gains(ordered)
    coverage = problem.share(sum(gains))
    return Plan(
        solver="exhaustive",
        k=k,
        sites=problem.sites_in_order(ordered, gains),
        demand_total=problem.demand_total,
        baseline_coverage=problem.baseline_share,
        coverage=coverage,
        seconds=time.perf_counter() - t0,
        bound=coverage,
        gap=0.0,
        optimal=True,
    )
