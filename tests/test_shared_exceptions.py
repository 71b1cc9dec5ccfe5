"""No exception instance is shared: each refusal raises a fresh object.

Raising one module-level exception object again and again makes its `__traceback__` grow by
the frames of every raise, which keeps those frames (and the passwords, ID numbers and request
bodies in their locals) alive for the life of the process. This walks every module of the
project, so a new shared instance fails the suite wherever it is added.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Mapping

import config
import redrider

# Settings and entry points configure or start Django on import; they hold no exceptions.
SKIP_PREFIXES = ("config.settings", "config.wsgi", "config.asgi", "config.manage")


def _modules():
    for package in (redrider, config):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.startswith(SKIP_PREFIXES):
                continue
            yield importlib.import_module(info.name)


def _values(namespace: Mapping):
    """Every value of a namespace, one level into containers (a dict of errors counts too)."""
    for name, value in namespace.items():
        yield name, value
        if isinstance(value, dict):
            for key, item in value.items():
                yield f"{name}[{key!r}]", item
        elif isinstance(value, list | tuple | set | frozenset):
            for i, item in enumerate(value):
                yield f"{name}[{i}]", item


def shared_exception_instances() -> list[str]:
    found = []
    for module in _modules():
        for name, value in _values(vars(module)):
            if isinstance(value, BaseException):
                found.append(f"{module.__name__}.{name}")
            elif inspect.isclass(value) and value.__module__ == module.__name__:
                for attr, item in _values(vars(value)):
                    if isinstance(item, BaseException):
                        found.append(f"{module.__name__}.{name}.{attr}")
    return found


def test_no_module_of_the_project_holds_an_exception_instance():
    # when every module of redrider/ and config/ is imported and walked
    found = shared_exception_instances()
    # then no exception object lives at module or class level (raise a fresh one each time)
    assert found == [], f"shared exception instances (make a function that builds one): {found}"


def test_the_walker_sees_a_module_level_instance(tmp_path, monkeypatch):
    # given a module that keeps an exception object at module level
    package = tmp_path / "sharedexc_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "bad.py").write_text("REFUSED = ValueError('no')\nERRORS = {'x': KeyError('y')}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import sharedexc_probe

    monkeypatch.setattr(
        "tests.test_shared_exceptions._modules",
        lambda: (
            importlib.import_module(i.name)
            for i in pkgutil.walk_packages(sharedexc_probe.__path__, "sharedexc_probe.")
        ),
    )
    # when
    found = shared_exception_instances()
    # then both the plain and the contained instance are reported
    assert found == ["sharedexc_probe.bad.REFUSED", "sharedexc_probe.bad.ERRORS['x']"]
