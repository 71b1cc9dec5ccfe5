"""Finding each app's conventional modules by name (like Django's admin.py).

The platform finds `policy.py`, `listeners.py`, `seeding.py`, `indicators.py`, `api.py`,
`urls.py` and `tests/scoping_cases.py` of every project app through this one function, so a
lower layer never imports a higher app by name and a new app plugs in by having the file.
A module that exists but fails to import raises: nothing is skipped quietly.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule

PROJECT = "redrider."


def project_apps() -> list[AppConfig]:
    """The project's own apps, in INSTALLED_APPS order."""
    return [c for c in apps.get_app_configs() if c.name.startswith(PROJECT)]


def app_modules(submodule: str) -> list[tuple[AppConfig, ModuleType]]:
    """`<app>.<submodule>` of every project app that has one, in INSTALLED_APPS order."""
    found = []
    for config in project_apps():
        if _has(config.module, submodule):
            found.append((config, import_module(f"{config.name}.{submodule}")))
    return found


def _has(package: ModuleType | None, dotted: str) -> bool:
    """Whether `package` has the (possibly nested, e.g. "tests.scoping_cases") submodule."""
    head, _, rest = dotted.partition(".")
    if package is None or not module_has_submodule(package, head):
        return False
    if not rest:
        return True
    return _has(import_module(f"{package.__name__}.{head}"), rest)
