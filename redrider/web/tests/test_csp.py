"""Every page answers with a strict Content-Security-Policy and carries no inline script.

The pages are found from the URL configuration itself, so a new page is checked the day it is
added; a page that takes arguments needs sample arguments in PAGE_ARGS (the test says which).
Each page is fetched by every role of the demo (staff of each level, host, auditor, rider).
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from redrider.accounts.models import User

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("api/", "admin/", "i18n/", "media/", "static/")
ROLES = [
    "demo-province",
    "demo-chengdu",
    "demo-jinjiang",
    "demo-instructor",
    "demo-host",
    "demo-auditor",
    "demo-rider",
]


def _pages(resolvers=None, prefix="", namespace=""):
    """(url name, route) of every named page outside the API, admin and file serving."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _pages(entry.url_patterns, route, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route


def _jpeg() -> ContentFile:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, "JPEG")
    return ContentFile(buf.getvalue(), name="p.jpg")


def _sample_args() -> dict[str, dict]:
    """Arguments for each page that takes some, from the small demo (plus a few rows it lacks)."""
    from redrider.activities.models import Activity
    from redrider.appeals.models import Appeal, AppealPhoto, Tipoff, TipoffPhoto
    from redrider.orgs.models import GuidanceStation
    from redrider.planning.models import SitePlan
    from redrider.points.models import Benefit, CatalogueItem
    from redrider.riders.models import Company, ExportJob, ImportJob, Problem, Rider, Survey
    from redrider.stations.models import Station

    officer = User.objects.get(username="demo-jinjiang")
    rider = User.objects.get(username="demo-rider")
    appeal = Appeal.objects.filter(rider=rider).order_by("pk").first()
    tipoff = Tipoff.objects.order_by("pk").first()
    photo = AppealPhoto.objects.create(
        appeal=appeal, image=_jpeg(), width=8, height=8, size=100, uploaded_by=rider
    )
    tip_photo = TipoffPhoto.objects.create(tipoff=tipoff, image=_jpeg(), width=8, height=8, size=1)
    export = ExportJob.objects.create(region_code="510104", created_by=officer)
    imported = ImportJob.objects.create(region_code="510104", created_by=officer, filename="a.xlsx")
    plan = SitePlan.objects.create(region_code="510104", created_by=officer, radius_m=1000)
    station = Station.objects.filter(region_code="510104").order_by("pk").first()
    activity = Activity.objects.filter(region_code__startswith="5101").order_by("pk").first()
    survey = Survey.objects.order_by("pk").first()
    pk = lambda model, **f: {"pk": model.objects.filter(**f).order_by("pk").first().pk}  # noqa: E731
    return {
        "orgs:guidance_station": pk(GuidanceStation),
        "orgs:ledger_xlsx": pk(GuidanceStation),
        "orgs:list": {"kind": "committees"},
        "stations:checkin": {"code": station.code},
        "stations:console_detail": {"pk": station.pk},
        "stations:sign_pdf": {"pk": station.pk},
        "stations:sign_png": {"pk": station.pk},
        "riders:console_detail": pk(Rider, region_code="510104"),
        "riders:export_detail": {"pk": export.pk},
        "riders:export_download": {"pk": export.pk},
        "riders:import_detail": {"pk": imported.pk},
        "riders:import_errors": {"pk": imported.pk},
        "riders:company_detail": pk(Company, region_code="510104"),
        "riders:problem_transition": pk(Problem),
        "riders:problem_appeal": pk(Problem),
        "riders:survey_detail": {"pk": survey.pk},
        "riders:survey_qr": {"pk": survey.pk},
        "riders:survey_report": {"pk": survey.pk},
        "riders:rider_survey": {"token": survey.token},
        "appeals:rider_case": {"pk": appeal.pk},
        "appeals:console_case": {"pk": appeal.pk},
        "appeals:console_tipoff": {"pk": tipoff.pk},
        "appeals:photo": {"pk": photo.pk},
        "appeals:tipoff_photo": {"pk": tip_photo.pk},
        "activities:rider_detail": {"pk": activity.pk},
        "activities:rider_checkin": {"token": activity.checkin_token},
        "activities:console_detail": {"pk": activity.pk},
        "activities:attendance_xlsx": {"pk": activity.pk},
        "points:console_item_edit": {"id": CatalogueItem.objects.order_by("pk").first().pk},
        "points:console_item_restock": {"id": CatalogueItem.objects.order_by("pk").first().pk},
        "points:console_benefit_edit": {"id": Benefit.objects.order_by("pk").first().pk},
        "planning:export_xlsx": {"plan_id": plan.pk},
        "planning:export_docx": {"plan_id": plan.pk},
    }


class ScriptFinder(HTMLParser):
    """Collects what the policy would refuse: inline script, inline handlers, style attributes."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on"):
                self.problems.append(f"inline handler {name}= on <{tag}>")
        if "style" in attrs:
            self.problems.append(f'style="{attrs["style"]}" on <{tag}>')
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self._in_script = True
        if tag == "style":
            self.problems.append("<style> block")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.fixture
def demo(db):
    call_command("seed_demo", scale="small", password="pw-demo-1234", verbosity=0)


def test_every_page_for_every_role_has_a_strict_policy_and_no_inline_script(demo, client):
    # given every page of the site with sample arguments, and every role of the demo
    samples = _sample_args()
    pages = list(_pages())
    # A page without real sample arguments is still fetched, with ids that name nothing: its
    # answer (the site's 404 page in the same frame) must carry the same policy.
    for name, route in pages:
        if "<" in route and name not in samples:
            samples[name] = {
                key: (999_999_999 if conv in ("int", None) else "x")
                for conv, key in re.findall(r"<(?:(\w+):)?(\w+)>", route)
            }
    urls = [reverse(name, kwargs=samples.get(name)) for name, route in pages]
    problems: list[str] = []
    checked_html = 0
    for username in ROLES:
        client.force_login(User.objects.get(username=username))
        for url in urls:
            # when the role opens the page
            response = client.get(url)
            # then the policy allows script only from our files, and the page has none inline
            policy = _policy(response)
            script = policy.get("script-src", policy.get("default-src", []))
            if not script or "'unsafe-inline'" in script or "'unsafe-eval'" in script:
                problems.append(f"{username} {url}: script-src {script}")
            if "'unsafe-inline'" in policy.get("style-src", []):
                problems.append(f"{username} {url}: style-src allows inline")
            if "text/html" in response.get("Content-Type", "") and not response.streaming:
                checked_html += 1
                finder = ScriptFinder()
                finder.feed(response.content.decode())
                problems += [f"{username} {url}: {p}" for p in finder.problems]
        client.logout()
    assert not problems, "\n".join(problems[:50])
    assert checked_html > len(ROLES) * 20


def test_the_sign_in_page_and_the_api_docs_have_the_policy_too(client):
    # given nobody signed in
    # when the sign-in page and the API documentation are opened
    for url in ("/login/", "/api/v1/docs", "/riders/h5/register/"):
        response = client.get(url)
        # then both carry the policy and no inline script
        script = _policy(response)["script-src"]
        assert script == ["'self'"], (url, script)
        finder = ScriptFinder()
        finder.feed(response.content.decode())
        assert finder.problems == [], (url, finder.problems)


def test_the_api_docs_load_swagger_ui_from_our_static_files():
    # given the API documentation page
    from django.test import Client

    html = Client().get("/api/v1/docs").content.decode()
    # then every script and stylesheet it loads is ours (works on an intranet with no internet)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("vendor/swagger-ui/swagger-ui-bundle.js" in s for s in sources)
    assert all(s.startswith("/") for s in sources), sources
