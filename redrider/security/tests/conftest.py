"""Fixtures of the attack suite: the world is built once per module inside a transaction rolled
back at its end; each test (marked `django_db`) runs in a savepoint within it, rolled back after
the test, so hundreds of checks share one setup on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase

from .schema_walk import jpeg
from .world import FOREIGN, World, build_foreign, build_home

REPORT: list[str] = []


def report(line: str) -> None:
    """A figure for the end of the run (operations, requests, pages...): printed in the summary."""
    REPORT.append(line)


def pytest_terminal_summary(terminalreporter):
    if REPORT:
        terminalreporter.section("attack suite")
        for line in REPORT:
            terminalreporter.write_line(line)


def _ensure_reference_data() -> None:
    """A transactional test before this module may have flushed the data migrations' rows."""
    from conftest import _reload_reference_data
    from redrider.regions.models import Region

    if not Region.objects.exists():
        _reload_reference_data()


@pytest.fixture(scope="module")
def home_world(django_db_setup, django_db_blocker):
    """Phase 1 (the attackers and their own county), inside a transaction rolled back at the end
    of the module. Depend on `world` for the whole world."""
    with django_db_blocker.unblock():
        _ensure_reference_data()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = World()
            with TestCase.captureOnCommitCallbacks(execute=True):
                build_home(world)
            from redrider.accounts.services import token_issue

            world.tokens = {key: token_issue(user=user) for key, user in world.users.items()}
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def add_foreign(world: World, counties: tuple[str, ...] = FOREIGN) -> World:
    with TestCase.captureOnCommitCallbacks(execute=True):
        build_foreign(world, counties)
    return world


@pytest.fixture(scope="module")
def world(home_world, django_db_blocker):
    """The whole world: the attackers' county and the two counties they must not reach."""
    with django_db_blocker.unblock():
        return add_foreign(home_world)


class Caller:
    """Requests as one account (bearer token), any method, JSON or multipart bodies."""

    def __init__(self, token: str | None = None):
        self.client = Client(raise_request_exception=False)
        self.token = token

    def __call__(self, method: str, path: str, *, body=None, body_type=None, query=None):
        headers = {"HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        if method == "GET":
            return self.client.get(path, query or {}, **headers)
        if query:
            path = f"{path}?{urlencode(query)}"
        if body_type == "multipart/form-data":
            data = {"file": SimpleUploadedFile("p.jpg", jpeg(), content_type="image/jpeg")}
            data.update({k: v for k, v in (body or {}).items() if k != "file"})
            return self.client.generic(method, path, **_multipart(data), **headers)
        payload = "" if body is None else json.dumps(body)
        return self.client.generic(
            method, path, payload, content_type="application/json", **headers
        )


def _multipart(data: dict) -> dict:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, data), "content_type": MULTIPART_CONTENT}


@pytest.fixture(scope="module")
def callers(world):
    return {key: Caller(token) for key, token in world.tokens.items()}
