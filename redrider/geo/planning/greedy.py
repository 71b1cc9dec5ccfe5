"""Heuristic MCLP solvers: lazy greedy, greedy + 1-swap local search, and greedy set cover.

Coverage is monotone submodular, so greedy is guaranteed at least (1 - 1/e) ~ 63 % of the optimal
*gain*; in practice it is within a percent or two, and the swap search closes most of the rest.
"""

from __future__ import annotations

import heapq
import time

import numpy as np
from numpy.typing import NDArray

from redrider.geo.planning.problem import CoverageProblem, Plan

__all__ = [
    "fewest_sites",
    "greedy",
    "greedy_order",
    "greedy_swap",
    "order_by_marginal_gain",
    "swap_search",
]

IntArray = NDArray[np.intp]


def _check_k(k: int) -> None:
    if k < 0:
        raise ValueError(f"k must be non-negative, got {k}")


def greedy_order(
    problem: CoverageProblem, k: int | None, *, stop_weight: float | None = None
) -> tuple[list[int], list[float]]:
    """Lazy greedy: repeatedly take the candidate with the largest marginal gain.

    Stops after ``k`` sites (``None`` = no limit), when ``stop_weight`` of new weight is reached,
    or when no candidate adds anything. Ties go to the lower candidate index. Marginal gains only
    shrink as sites are added (submodularity), so a stale gain is an upper bound: a popped
    candidate whose recomputed gain still beats the next stale bound is the true best.
    """
    w = problem.weight
    covered = np.zeros(w.shape[0], dtype=bool)
    gains0 = np.asarray(problem.matrix @ w).ravel()
    heap = [(-g, i) for i, g in enumerate(gains0.tolist()) if g > 0.0]
    heapq.heapify(heap)
    chosen: list[int] = []
    gains: list[float] = []
    got = 0.0
    limit = problem.n_candidates if k is None else k
    while heap and len(chosen) < limit:
        if stop_weight is not None and got >= stop_weight:
            break
        _, i = heapq.heappop(heap)
        cols = problem.row(i)
        fresh = cols[~covered[cols]]
        g = float(w[fresh].sum())
        if g <= 0.0:
            continue
        if heap and g < -heap[0][0]:
            heapq.heappush(heap, (-g, i))
            continue
        chosen.append(i)
        gains.append(g)
        covered[fresh] = True
        got += g
    return chosen, gains


def greedy(problem: CoverageProblem, k: int) -> Plan:
    """At most ``k`` new sites by lazy greedy (fewer when nothing more can be gained)."""
    _check_k(k)
    t0 = time.perf_counter()
    chosen, gains = greedy_order(problem, k)
    return Plan(
        solver="greedy",
        k=k,
        sites=problem.sites_in_order(chosen, gains),
        demand_total=problem.demand_total,
        baseline_coverage=problem.baseline_share,
        coverage=problem.share(sum(gains)),
        seconds=time.perf_counter() - t0,
    )


def swap_search(
    problem: CoverageProblem,
    chosen: list[int],
    *,
    max_swaps: int = 1000,
    time_limit_s: float | None = None,
) -> tuple[list[int], int]:
    """Best-improvement 1-swap local search from ``chosen``; returns (new set, swaps made).

    Per round, with ``count[j]`` = how many chosen sites reach group j:

    * ``gain0[c]`` = weight of uncovered groups c reaches (one sparse mat-vec for all c);
    * ``loss[t]`` = weight only site t covers (``count == 1``);
    * swapping t out for c changes coverage by ``gain0[c] + overlap[c, t] - loss[t]`` where
      ``overlap[c, t]`` is weight covered only by t that c also reaches.

    Since ``overlap[c, t] <= min(g1[c], loss[t])`` (g1 = weight c reaches that is covered once),
    only candidates with ``gain0[c] > 0`` and ``gain0[c] + g1[c] > min(loss)`` can improve; the
    overlaps are computed for those alone, as one sparse product. Stops at a local optimum, after
    ``max_swaps`` swaps, or at the time limit.
    """
    chosen = list(chosen)
    k = len(chosen)
    if k == 0 or problem.n_candidates <= k:
        return chosen, 0
    deadline = None if time_limit_s is None else time.perf_counter() + time_limit_s
    a = problem.matrix
    w = problem.weight
    # Improvements below this are rounding noise; refusing them also rules out cycling.
    tol = 1e-9 * max(float(w.sum()), 1e-300)
    count = np.asarray(a[chosen].sum(axis=0)).ravel()
    swaps = 0
    while swaps < max_swaps and (deadline is None or time.perf_counter() < deadline):
        w0 = np.where(count == 0, w, 0.0)
        w1 = np.where(count == 1, w, 0.0)
        gain0 = np.asarray(a @ w0).ravel()
        g1 = np.asarray(a @ w1).ravel()
        unique = a[chosen].multiply(w1[np.newaxis, :]).tocsr()  # k x groups
        loss = np.asarray(unique.sum(axis=1)).ravel()
        is_chosen = np.zeros(problem.n_candidates, dtype=bool)
        is_chosen[chosen] = True
        promising = np.flatnonzero(
            ~is_chosen & (gain0 > tol) & (gain0 + g1 > float(loss.min()) + tol)
        )
        if promising.shape[0] == 0:
            break
        overlap = (a[promising] @ unique.T).toarray()  # promising x k
        delta = gain0[promising][:, np.newaxis] + overlap - loss[np.newaxis, :]
        best = int(np.argmax(delta))
        p, t = divmod(best, k)
        if delta[p, t] <= tol:
            break
        out_site, in_site = chosen[t], int(promising[p])
        count[problem.row(out_site)] -= 1
        count[problem.row(in_site)] += 1
        chosen[t] = in_site
        swaps += 1
    return chosen, swaps


def greedy_swap(
    problem: CoverageProblem,
    k: int,
    *,
    max_swaps: int = 1000,
    time_limit_s: float | None = 30.0,
) -> Plan:
    """Greedy, then 1-swap local search (``swap_search``). Never worse than ``greedy``.

    Sites are reported in greedy order of marginal gain over the final set.
    """
    _check_k(k)
    t0 = time.perf_counter()
    start, _ = greedy_order(problem, k)
    final, swaps = swap_search(problem, start, max_swaps=max_swaps, time_limit_s=time_limit_s)
    ordered = order_by_marginal_gain(problem, final)
    gains = problem.marginal_gains(ordered)
    return Plan(
        solver="greedy+swap",
        k=k,
        sites=problem.sites_in_order(ordered, gains),
        demand_total=problem.demand_total,
        baseline_coverage=problem.baseline_share,
        coverage=problem.share(sum(gains)),
        seconds=time.perf_counter() - t0,
        notes=[f"{swaps} improving swaps"],
    )


def order_by_marginal_gain(problem: CoverageProblem, sites: list[int]) -> list[int]:
    """Order a fixed set greedily (largest marginal gain first) for presentation."""
    if not sites:
        return []
    keep = np.zeros(problem.n_candidates, dtype=bool)
    keep[sites] = True
    sub = problem.matrix.multiply(keep[:, np.newaxis]).tocsr()
    restricted = type(problem)(
        candidates=problem.candidates,
        radius_m=problem.radius_m,
        demand_total=problem.demand_total,
        baseline_weight=problem.baseline_weight,
        weight=problem.weight,
        matrix=sub,
        n_demand=problem.n_demand,
    )
    order, _ = greedy_order(restricted, None)
    # Sites that add nothing on top of the others still belong to the answer; keep them last.
    rest = sorted(set(sites) - set(order))
    return order + rest


def fewest_sites(
    problem: CoverageProblem, target_share: float, *, max_sites: int | None = None
) -> Plan:
    """Add sites greedily until total coverage reaches ``target_share`` (0..1).

    Greedy set cover is an approximation (within a factor ~ln(n) of the true minimum, usually far
    closer); the answer is a plan that reaches the target, not a proof that fewer cannot.
    ``target_reached`` is False when every useful candidate (or ``max_sites``) is not enough.
    """
    if not 0.0 <= target_share <= 1.0:
        raise ValueError(f"target_share must be in [0, 1], got {target_share}")
    t0 = time.perf_counter()
    need = target_share * problem.demand_total - problem.baseline_weight
    # A relative hair of slack so that "100 %" is reachable despite float summation order.
    need -= 1e-12 * problem.demand_total
    if need <= 0.0:
        chosen: list[int] = []
        gains: list[float] = []
    else:
        chosen, gains = greedy_order(problem, max_sites, stop_weight=need)
    coverage = problem.share(sum(gains))
    return Plan(
        solver="greedy-set-cover",
        k=len(chosen),
        sites=problem.sites_in_order(chosen, gains),
        demand_total=problem.demand_total,
        baseline_coverage=problem.baseline_share,
        coverage=coverage,
        seconds=time.perf_counter() - t0,
        target=target_share,
        target_reached=sum(gains) >= need,
    )
