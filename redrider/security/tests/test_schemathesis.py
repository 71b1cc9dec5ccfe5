"""schemathesis against a live server (issues 10 and 11): every operation of /api/v1/openapi.json,
as a rider and as a county officer, with the ids of real objects they own or handle, positive and
negative data, the checks of `--checks all`: no server error, and every answer conforms to what
the schema declares (status, content type, headers, body).

The run happens once per module (the world is committed, a live server thread started from
pytest-django's `LiveServer`, then everything is flushed); each (role, operation) is then its
own test, so an operation still failing because of an open finding is marked with its finding
(strict xfail) and every other operation must pass.

`make test` runs a short version (FUZZ_EXAMPLES examples per operation and role); the full run
is marked `slow` and included by `.ci/run` (SLOW_TESTS=1), about 3 minutes per database.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command

from .conftest import report
from .schema_walk import openapi
from .world import HOME, World, build_home

ROLES = ("rider", "county_officer")
SLOW = os.environ.get("SLOW_TESTS") == "1"
SHORT_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
FULL_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES_FULL", "12"))

# Failures of a check here fail the operation's test: no server error, and every answer is one
# the schema declares — its status, its content type, its headers and its body (each refusal
# with the shared `ErrorOut`). The other checks of `--checks all` run and are counted (the report
# lists them, and FUZZ_REPORT=<file> writes each with an example): acceptance of positive data
# and rejection of negative data measure how exactly the schema describes what a service
# accepts, and some of that no JSON schema can say (a region code must be a node of the tree, a
# point must lie in a county of China, a window must end after it starts).
HARD_CHECKS = {
    "ServerError",  # not_a_server_error
    "ContentTypeServerError",  # not_a_server_error, for a content type it cannot read
    "UndefinedStatusCode",  # status_code_conformance
    "UndefinedContentType",  # content_type_conformance
    "MissingContentType",  # content_type_conformance
    "MalformedMediaType",  # content_type_conformance
    "MissingHeaders",  # response_headers_conformance
    "JsonSchemaError",  # response_schema_conformance
    "MalformedJson",  # response_schema_conformance
    "IgnoredAuth",  # ignored_auth: an operation answering without the credentials it declares
    "ObjectLevelAuthorizationViolation",  # object_level_authorization
}

# (role, "METHOD path") → the finding of issue 10 that still makes it fail (strict xfail), in
# both runs; KNOWN_HOLES_FULL in the full run only (its extra examples reach further). The
# examples are derandomised, so a run finds the same inputs every time.
KNOWN_HOLES: dict[tuple[str, str], str] = {}
KNOWN_HOLES_FULL: dict[tuple[str, str], str] = {}
# PostgreSQL refuses a NUL in a text parameter where SQLite compares it.
KNOWN_HOLES_FULL_POSTGRESQL: dict[tuple[str, str], str] = {}


@dataclass
class Outcome:
    requests: int = 0
    failures: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)


def _real_ids(world: World) -> dict[str, dict]:
    """Path parameters of real objects of the attackers' county, by path: the rider owns them,
    the county officer handles them."""
    from .schema_walk import Kind, Public, id_operations

    out = {}
    for op in id_operations():
        name = op.path_params[-1]
        if isinstance(op.kind, Public):
            out[op.path] = {name: HOME}
        elif isinstance(op.kind, Kind):
            out[op.path] = {name: getattr(world.get(op.kind.name, HOME), op.kind.attr)}
    return out


def _checks() -> list:
    """The checks `--checks all` runs (functions; timing is not a test's business)."""
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()
    return [
        c for c in CHECKS.get_all() if not isinstance(c, type) and c.__name__ != "max_response_time"
    ]


def _fuzz(base_url: str, tokens: dict, ids: dict, examples: int) -> dict:
    import schemathesis
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_dict(openapi())
    checks = _checks()
    outcomes: dict[tuple[str, str], Outcome] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        strategies = [
            operation.as_strategy(generation_mode=mode)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
        # Real ids half of the time: the code behind a found object is what matters. Both roles
        # own or handle the same objects of their county, so one case serves both.
        real = ids.get(operation.path)
        if real:
            strategies += [operation.as_strategy(path_parameters=real)] * 2
        callers = {
            role: (outcomes.setdefault((role, operation.label), Outcome()), token)
            for role, token in tokens.items()
        }
        _run(strategies, callers, base_url, checks, examples)
    return outcomes


def _run(strategies, callers: dict, base_url: str, checks, examples: int) -> None:
    import hypothesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from schemathesis.core.failures import FailureGroup

    # ignored_auth re-sends the request without credentials: once per operation and role says
    # whether the operation answers without them; every example would only repeat it.
    cheap = [c for c in checks if c.__name__ != "ignored_auth"]

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def run(case):
        for outcome, token in callers.values():
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex}
            response = case.call(base_url=base_url, headers=headers, timeout=30)
            outcome.requests += 1
            try:
                case.validate_response(
                    response,
                    checks=cheap if outcome.requests > 1 else checks,
                    headers=headers,
                    transport_kwargs={"base_url": base_url, "headers": headers},
                )
            except (FailureGroup, AssertionError) as group:
                for failure in getattr(group, "exceptions", None) or [group]:
                    name = type(failure).__name__
                    outcome.failures[name] += 1
                    outcome.examples.setdefault(
                        name,
                        f"{case.method} {response.request.url} → {response.status_code}: "
                        f"{getattr(failure, 'title', '')} {getattr(failure, 'message', '')}"[:400],
                    )

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        pass


def _fuzz_once(django_db_blocker, examples: int) -> dict:
    """The whole run: world committed, live server up, every operation fuzzed, all flushed."""
    from pytest_django.live_server_helper import LiveServer

    from redrider.accounts.services import token_issue

    from .conftest import _ensure_reference_data

    with django_db_blocker.unblock():
        _ensure_reference_data()
        world = World()
        build_home(world)
        tokens = {role: token_issue(user=world.users[role]) for role in ROLES}
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            outcomes = _fuzz(server.url, tokens, _real_ids(world), examples)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            # Committed rows would leak into the next module: empty the tables, reload the
            # reference data, as a transactional test does.
            call_command("flush", verbosity=0, interactive=False)
            _ensure_reference_data()
    if os.environ.get("FUZZ_REPORT"):
        # Every failure with one example, per operation and role, for whoever chases them.
        with open(os.environ["FUZZ_REPORT"], "w", encoding="utf-8") as out:
            for (role, label), outcome in sorted(outcomes.items()):
                for name, n in sorted(outcome.failures.items()):
                    out.write(f"{label} as {role}: {n}× {name}: {outcome.examples[name]}\n")
    requests = sum(o.requests for o in outcomes.values())
    total = Counter()
    for outcome in outcomes.values():
        total.update(outcome.failures)
    report(
        f"schemathesis ({examples} examples per operation): "
        f"{len({label for _r, label in outcomes})} operations × {len(ROLES)} roles, "
        f"{requests} requests; failures by kind: "
        + (", ".join(f"{name} {n}" for name, n in sorted(total.items())) or "none")
    )
    return outcomes


@pytest.fixture(scope="module")
def fuzzed_short(django_db_setup, django_db_blocker) -> dict:
    return _fuzz_once(django_db_blocker, SHORT_EXAMPLES)


@pytest.fixture(scope="module")
def fuzzed_full(django_db_setup, django_db_blocker) -> dict:
    return _fuzz_once(django_db_blocker, FULL_EXAMPLES)


def _params(full: bool):
    from django.db import connection

    holes = {**KNOWN_HOLES, **(KNOWN_HOLES_FULL if full else {})}
    if full and connection.vendor == "postgresql":
        holes.update(KNOWN_HOLES_FULL_POSTGRESQL)
    out = []
    for path, item in openapi()["paths"].items():
        for method in item:
            label = f"{method.upper()} {path}"
            for role in ROLES:
                reason = holes.get((role, label))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                out.append(pytest.param(role, label, marks=marks, id=f"{label} as {role}"))
    return out


def _verdict(outcome: Outcome) -> None:
    # the operation was exercised, and no hard check failed
    assert outcome.requests > 0
    hard = {name: n for name, n in outcome.failures.items() if name in HARD_CHECKS}
    assert not hard, "\n".join(f"{n}× {outcome.examples[name]}" for name, n in hard.items())


@pytest.mark.django_db
@pytest.mark.skipif(SLOW, reason="the full run (marked slow) replaces the short one")
@pytest.mark.parametrize(("role", "label"), _params(full=False))
def test_no_server_error_and_every_answer_as_declared(role, label, fuzzed_short):
    _verdict(fuzzed_short[(role, label)])


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize(("role", "label"), _params(full=True))
def test_no_server_error_and_every_answer_as_declared_in_the_full_run(role, label, fuzzed_full):
    _verdict(fuzzed_full[(role, label)])
