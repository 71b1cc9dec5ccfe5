"""Exact nearest-neighbour search over points on the globe.

``PointIndex`` keeps a scipy ``cKDTree`` over the points' 3-D unit vectors. Straight-line (chord)
distance between unit vectors is a strictly increasing function of great-circle distance, so the
tree's ranking is exactly the great-circle ranking; there is no projection error anywhere in China
(or across the antimeridian or near the poles).

Results are ``Neighbour(id, distance_m)`` tuples in ascending great-circle distance, equal
distances ordered by id ascending, so that answers are deterministic and testable. Equal means
equal as computed: co-located points (a mall with several stations) tie exactly; two distances
that are equal only on paper, from different coordinates, may differ in the last bit and are
ordered by that.

Radii are inclusive: a point counts as within ``radius_m`` when its distance is at most
``radius_m + RADIUS_SLACK_M`` (one micrometre, to absorb floating-point rounding so that a point
placed exactly on the circle is not lost to the last bit).

Filters: ``mask_fn`` receives an int array of *positions* (indices into ``index.ids``,
``index.lat``, ``index.lng``) and returns a boolean array of the same length, True for points that
may be returned (open now, has the asked-for services ...). A caller with a precomputed boolean
array ``allowed`` over positions passes ``allowed.__getitem__``. The search stays exact under any
filter: it asks the tree for progressively more candidates (doubling) until ``k`` of them pass and
the boundary distance band is complete, or until the radius or the index is exhausted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

from redrider.geo.crs import InvalidPoint, validate_point
from redrider.geo.distance import (
    arc_m_to_chord,
    chord_to_arc_m,
    haversine_m_array,
    to_unit_vectors,
    unit_vector,
)

__all__ = ["RADIUS_SLACK_M", "MaskFn", "Neighbour", "PointIndex", "brute_force_nearest"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
MaskFn = Callable[[IntArray], ArrayLike]

RADIUS_SLACK_M: Final = 1e-6


class Neighbour(NamedTuple):
    """One search hit: the point's id and its great-circle distance in metres."""

    id: int
    distance_m: float


def _validate_arrays(lat: FloatArray, lng: FloatArray) -> None:
    ok = np.isfinite(lat) & np.isfinite(lng) & (np.abs(lat) <= 90.0) & (np.abs(lng) <= 180.0)
    if not np.all(ok):
        bad = int(np.flatnonzero(~ok)[0])
        raise InvalidPoint(f"point at position {bad} ({lat[bad]}, {lng[bad]}) is not valid")


def _check_k_radius(k: int, radius_m: float | None) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if radius_m is not None and not radius_m >= 0.0:
        raise ValueError(f"radius_m must be a non-negative number, got {radius_m!r}")


def _apply_mask(mask_fn: MaskFn, pos: IntArray) -> NDArray[np.bool_]:
    keep = np.asarray(mask_fn(pos), dtype=bool)
    if keep.shape != pos.shape:
        raise ValueError(f"mask_fn returned shape {keep.shape} for {pos.shape[0]} positions")
    return keep


class PointIndex:
    """An immutable, exact k-nearest / radius index over ``N`` points (``N`` may be 0).

    Build cost is ``O(N log N)`` (about 0.2 s for 400,000 points); a query costs a tree descent
    plus a few microseconds of bookkeeping. Instances are read-only and safe to share between
    threads.
    """

    ids: NDArray[np.int64]
    lat: FloatArray
    lng: FloatArray

    def __init__(self, ids: ArrayLike, lat: ArrayLike, lng: ArrayLike) -> None:
        """Index the points ``(lat[i], lng[i])`` (WGS-84 degrees) known by ``ids[i]``.

        Raises ``ValueError`` when the arrays differ in length and ``InvalidPoint`` when a
        coordinate is NaN, infinite or out of range. Ids need not be unique, but then ties between
        equal ids are ordered by position.
        """
        self.ids = np.ascontiguousarray(np.asarray(ids, dtype=np.int64).ravel())
        self.lat = np.ascontiguousarray(np.asarray(lat, dtype=np.float64).ravel())
        self.lng = np.ascontiguousarray(np.asarray(lng, dtype=np.float64).ravel())
        if not (self.ids.shape == self.lat.shape == self.lng.shape):
            raise ValueError("ids, lat and lng must have the same length")
        _validate_arrays(self.lat, self.lng)
        for arr in (self.ids, self.lat, self.lng):
            arr.setflags(write=False)
        self._xyz = to_unit_vectors(self.lat, self.lng)
        self._tree: cKDTree | None = cKDTree(self._xyz) if len(self.ids) else None

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @property
    def unit_vectors(self) -> FloatArray:
        """The ``(N, 3)`` unit vectors the tree is built on (read-only view)."""
        view = self._xyz.view()
        view.setflags(write=False)
        return view

    @property
    def tree(self) -> cKDTree | None:
        """The underlying ``cKDTree`` over unit vectors (None when the index is empty)."""
        return self._tree

    def _result(self, chord: FloatArray, pos: IntArray, k: int | None) -> list[Neighbour]:
        order = np.lexsort((pos, self.ids[pos], chord))
        if k is not None:
            order = order[:k]
        dist = chord_to_arc_m(chord[order])
        return [
            Neighbour(int(i), float(d))
            for i, d in zip(self.ids[pos[order]].tolist(), dist.tolist(), strict=True)
        ]

    def nearest(
        self,
        lat: float,
        lng: float,
        k: int = 1,
        radius_m: float | None = None,
        mask_fn: MaskFn | None = None,
    ) -> list[Neighbour]:
        """The ``k`` nearest points to ``(lat, lng)`` that pass ``mask_fn`` and lie within
        ``radius_m`` (when given).

        Returns at most ``k`` neighbours in ascending distance, ties by id ascending; fewer when
        fewer points qualify (``k`` larger than ``N`` is fine). Raises ``InvalidPoint`` for a bad
        query point and ``ValueError`` for ``k < 1`` or a negative radius.
        """
        validate_point(lat, lng)
        _check_k_radius(k, radius_m)
        tree = self._tree
        if tree is None:
            return []
        n = len(self)
        q = np.asarray(unit_vector(lat, lng))
        if radius_m is None:
            bound = math.inf
            max_arc = math.inf
        else:
            max_arc = radius_m + RADIUS_SLACK_M
            # The tree prunes with a strict comparison; a hair of extra room keeps the circle's
            # edge in, and the exact arc test below decides.
            bound = arc_m_to_chord(max_arc) * (1.0 + 1e-12) + 1e-15
        # One more than asked so that a tie at the k-th distance is usually seen in one round.
        kq = min(n, k + 1 if mask_fn is None else 2 * k + 2)
        while True:
            d, p = tree.query(q, k=kq, distance_upper_bound=bound)
            chord = np.atleast_1d(np.asarray(d, dtype=np.float64))
            pos = np.atleast_1d(np.asarray(p, dtype=np.intp))
            found = int(np.count_nonzero(np.isfinite(chord)))
            exhausted = found < kq or kq >= n
            chord, pos = chord[:found], pos[:found]
            if radius_m is not None and found:
                inside = int(np.count_nonzero(chord_to_arc_m(chord) <= max_arc))
                if inside < found:
                    exhausted = True
                    chord, pos = chord[:inside], pos[:inside]
            if mask_fn is not None and pos.shape[0]:
                keep = _apply_mask(mask_fn, pos)
                ok_chord, ok_pos = chord[keep], pos[keep]
            else:
                ok_chord, ok_pos = chord, pos
            if ok_chord.shape[0] >= k:
                # Everything at the k-th distance is in hand once a farther point was seen.
                if exhausted or chord[-1] > ok_chord[k - 1]:
                    return self._result(ok_chord, ok_pos, k)
            elif exhausted:
                return self._result(ok_chord, ok_pos, k)
            kq = min(n, kq * 2)

    def radius_query(
        self,
        lat: float,
        lng: float,
        radius_m: float,
        mask_fn: MaskFn | None = None,
    ) -> list[Neighbour]:
        """Every point within ``radius_m`` of ``(lat, lng)`` that passes ``mask_fn``, ascending
        by distance, ties by id. Raises like ``nearest``."""
        validate_point(lat, lng)
        _check_k_radius(1, radius_m)
        tree = self._tree
        if tree is None:
            return []
        max_arc = radius_m + RADIUS_SLACK_M
        bound = arc_m_to_chord(max_arc) * (1.0 + 1e-12) + 1e-15
        q = np.asarray(unit_vector(lat, lng))
        pos = np.asarray(tree.query_ball_point(q, bound), dtype=np.intp)
        if pos.shape[0] and mask_fn is not None:
            pos = pos[_apply_mask(mask_fn, pos)]
        chord = np.sqrt(((self._xyz[pos] - q) ** 2).sum(axis=1))
        inside = chord_to_arc_m(chord) <= max_arc
        return self._result(chord[inside], pos[inside], None)

    def nearest_distance_m(
        self, lat: ArrayLike, lng: ArrayLike, *, workers: int = -1
    ) -> tuple[FloatArray, IntArray]:
        """For many query points at once: the distance in metres to the nearest indexed point and
        that point's position (one of them when several are equally near).

        With an empty index every distance is ``inf`` and every position ``-1``. ``workers=-1``
        uses every core. Query points are validated (``InvalidPoint``).
        """
        qlat = np.asarray(lat, dtype=np.float64).ravel()
        qlng = np.asarray(lng, dtype=np.float64).ravel()
        if qlat.shape != qlng.shape:
            raise ValueError("lat and lng must have the same length")
        _validate_arrays(qlat, qlng)
        if self._tree is None or qlat.shape[0] == 0:
            return np.full(qlat.shape[0], np.inf), np.full(qlat.shape[0], -1, dtype=np.intp)
        d, p = self._tree.query(to_unit_vectors(qlat, qlng), k=1, workers=workers)
        return chord_to_arc_m(d), np.asarray(p, dtype=np.intp)


def brute_force_nearest(
    ids: ArrayLike,
    lat: ArrayLike,
    lng: ArrayLike,
    qlat: float,
    qlng: float,
    k: int,
    radius_m: float | None = None,
    mask: ArrayLike | None = None,
) -> list[Neighbour]:
    """Reference implementation of ``PointIndex.nearest`` by haversine over every point.

    ``mask`` is a boolean array over positions (True = may be returned). ``O(N)`` per query: for
    tests and benchmarks, not for serving.
    """
    _check_k_radius(k, radius_m)
    ida = np.asarray(ids, dtype=np.int64).ravel()
    if ida.shape[0] == 0:
        return []
    dist = haversine_m_array(lat, lng, qlat, qlng).ravel()
    pos = np.arange(ida.shape[0])
    keep = np.ones(ida.shape[0], dtype=bool)
    if mask is not None:
        keep &= np.asarray(mask, dtype=bool).ravel()
    if radius_m is not None:
        keep &= dist <= radius_m + RADIUS_SLACK_M
    dist, pos = dist[keep], pos[keep]
    order = np.lexsort((pos, ida[pos], dist))[:k]
    return [Neighbour(int(ida[p]), float(d)) for p, d in zip(pos[order], dist[order], strict=True)]
