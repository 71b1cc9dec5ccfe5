"""Test support shared across apps (imported only by tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScopeCase:
    """How the suite-wide scoping test exercises one region-owned model.

    `make(region_code)` creates one object owned by that county (any related rows it needs);
    `list_url` is the API list that would include it (answers `{"items", "count"}`), and
    `detail_url(obj)` its API detail path (None when the model has no detail endpoint).
    `item_id(item)` reads an id from a list item (default `item["id"]`).
    `at_station(host)`, for a model whose `host_lookup` opens some rows to station hosts, creates
    a station hosted by `host` and one object that happens at it (DESIGN §4 rule 8).
    """

    model: type
    make: Callable[[str], Any]
    list_url: str | None
    detail_url: Callable[[Any], str] | None = None
    item_id: Callable[[dict], Any] = lambda item: item["id"]
    at_station: Callable[[Any], Any] | None = None
