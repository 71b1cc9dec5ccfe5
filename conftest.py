"""Shared personas and helpers for the whole suite.

Personas (all password `pw-test-1234`): province_admin (510000), prefecture_officer (510100),
county_officer (510104 锦江), other_county_officer (510107 武侯), instructor (510104),
station_host (510104), auditor, rider (phone 13800000001).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PASSWORD = "pw-test-1234"
RIDER_PHONE = "13800000001"


def pytest_sessionfinish(session, exitstatus):
    # "No tests collected" must fail the run, never pass silently.
    if exitstatus == 5:
        session.exitstatus = 1
    # This run's private files (MEDIA_ROOT is per process in the test settings) go with it.
    from django.conf import settings

    media = Path(str(settings.MEDIA_ROOT)) if settings.configured else Path()
    if media.name.startswith("test-media-") and media.is_dir():
        shutil.rmtree(media, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    # tools/test_passes.sh runs the two passes side by side: the browser tests run in the SQLite
    # pass, the long runs in the PostgreSQL pass, and each skip says where the test ran instead.
    skip_browser = pytest.mark.skip(
        reason="browser tests run once, in the SQLite pass beside this one"
        if os.environ.get("BROWSER_TESTS_ELSEWHERE") == "1"
        else "browser tests need BROWSER_TESTS=1 and /usr/bin/chromium"
    )
    skip_slow = pytest.mark.skip(
        reason="long runs run in the PostgreSQL pass beside this one"
        if os.environ.get("SLOW_TESTS_ELSEWHERE") == "1"
        else "long runs need SLOW_TESTS=1 (.ci/run sets it)"
    )
    skip_drill = pytest.mark.skip(
        reason="operations drills (faults, multiprocess, backup) need DRILL_TESTS=1 (.ci/run sets it)"
    )
    for item in items:
        if {"faults", "multiprocess", "backup"} & set(item.keywords) and os.environ.get(
            "DRILL_TESTS"
        ) != "1":
            item.add_marker(skip_drill)
        if "browser" in item.keywords and os.environ.get("BROWSER_TESTS") != "1":
            item.add_marker(skip_browser)
        if "slow" in item.keywords and os.environ.get("SLOW_TESTS") != "1":
            item.add_marker(skip_slow)


def make_staff(username: str, role: str, scope: str, **extra):
    from redrider.accounts.models import User

    user = User(username=username, role=role, scope_code=scope, display_name=username, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def province_admin(db):
    return make_staff(
        "t-province", "province_admin", "510000", can_view_pii=True, can_view_political_status=True
    )


@pytest.fixture
def prefecture_officer(db):
    return make_staff("t-chengdu", "prefecture_officer", "510100")


@pytest.fixture
def county_officer(db):
    return make_staff("t-jinjiang", "county_officer", "510104")


@pytest.fixture
def other_county_officer(db):
    return make_staff("t-wuhou", "county_officer", "510107")


@pytest.fixture
def instructor(db):
    return make_staff("t-instructor", "instructor", "510104")


@pytest.fixture
def station_host(db):
    return make_staff("t-host", "station_host", "510104")


@pytest.fixture
def auditor(db):
    return make_staff("t-auditor", "auditor", "")


@pytest.fixture
def rider(db):
    from redrider.accounts.tests.factories import make_rider_user

    return make_rider_user(phone=RIDER_PHONE, name="测试骑手")


class Api:
    """A test client speaking the JSON API with a bearer token."""

    def __init__(self, client, user=None):
        self.client = client
        self.headers = {}
        if user is not None:
            from redrider.accounts.services import token_issue

            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token_issue(user=user)}"

    def get(self, path, **params):
        return self.client.get(path, params, **self.headers)

    def post(self, path, body=None, idempotency_key=None, **extra):
        headers = dict(self.headers, **extra)
        if idempotency_key:
            headers["HTTP_IDEMPOTENCY_KEY"] = idempotency_key
        return self.client.post(path, body or {}, content_type="application/json", **headers)

    def patch(self, path, body=None):
        return self.client.patch(path, body or {}, content_type="application/json", **self.headers)

    def delete(self, path):
        return self.client.delete(path, **self.headers)


@pytest.fixture
def api(client):
    """`api(user)` → an Api bound to that user (or anonymous with no argument)."""

    def make(user=None):
        return Api(client, user)

    return make


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageWatch:
    """What a browser page did wrong: Content-Security-Policy violations, uncaught errors and
    pages (not API calls) that answered 5xx — a server error page is never what a test wants,
    and without DEBUG it is small enough to pass a layout check unnoticed.

    Requests to other hosts (map tiles) are aborted, so no test waits on the internet; failed
    resource loads are not errors here (a 409 from the API is often the point of a test).
    """

    def __init__(self, page, live_server_url: str):
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.problems.append(f"uncaught: {err}"))
        page.on("response", self._response)
        host = live_server_url.split("//", 1)[1]
        page.context.route(lambda url: host not in url.split("/")[2], lambda route: route.abort())

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"CSP: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 500 and response.request.is_navigation_request():
            self.problems.append(f"page answered {response.status}: {response.url}")

    def check(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def _watched_page(browser, live_server, request, **options):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **options
    )
    context.set_default_timeout(15000)
    pg = context.new_page()
    watch = PageWatch(pg, live_server.url)
    pg.watch = watch
    yield pg
    context.close()
    # A test that already failed keeps its own message; otherwise the page must have been clean.
    report = getattr(request.node, "rep_call", None)
    if report is None or report.passed:
        watch.check()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context on the live server; fails on a CSP violation or an uncaught error."""
    yield from _watched_page(browser, live_server, request)


@pytest.fixture
def phone_page(browser, live_server, request):
    """A phone-sized context (390×844, touch) with a granted location, for rider pages."""
    yield from _watched_page(
        browser,
        live_server,
        request,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        permissions=["geolocation"],
        geolocation={"latitude": 30.6570, "longitude": 104.0810},
    )


def browser_login(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _reload_reference_data() -> None:
    """Re-run every data migration of the project after a flush emptied the tables.

    Transactional tests (threads, live server) end with a flush that also removes the rows data
    migrations loaded (the region tree, platforms, ...); the next test gets them back.
    """
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("redrider.")}
    for key in sorted(loader.disk_migrations):
        if key[0] not in ours:
            continue
        for operation in loader.disk_migrations[key].operations:
            if isinstance(operation, RunPython):
                with connection.schema_editor() as editor:
                    operation.code(apps, editor)  # type: ignore[arg-type]  # the live registry


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    """Before each database test: the reference rows of the data migrations are present."""
    wants_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if wants_db:
        with django_db_blocker.unblock():
            from redrider.regions.models import Region

            if not Region.objects.exists():
                _reload_reference_data()
    yield
