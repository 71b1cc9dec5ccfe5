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
    "demo-juror",  # the juror's desk and score pages are only real for them
]


# Apps whose sample ids must name real rows that some role opens (checked at the end of the test).
REAL_SAMPLES = ("honours:", "workplan:")


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
        **_honours_samples(officer),
        **_workplan_samples(officer),
    }


def _honours_samples(officer) -> dict[str, dict]:
    """Real rows of the small demo's 百位典型 that demo-jinjiang (and demo-juror) may open."""
    from redrider.honours.models import (
        Asset,
        Brand,
        Campaign,
        Exemplar,
        Juror,
        Nomination,
        NominationPhoto,
        SiteAssessment,
        SiteEvidencePhoto,
        Story,
    )

    seat = Juror.objects.select_related("campaign").get(user__username="demo-juror")
    assigned = Nomination.objects.filter(
        assignments__juror=seat, assignments__recused=False
    ).order_by("pk")[0]
    published = Campaign.objects.filter(status="published").order_by("pk")[0]
    exemplar = Exemplar.objects.filter(campaign=published).order_by("pk")[0]
    assessment = SiteAssessment.objects.filter(site__region_code="510104").order_by("pk")[0]
    story = Story.objects.filter(status="published").exclude(photo="").order_by("pk").first()
    story = story or Story.objects.filter(status="published").order_by("pk")[0]
    if not story.photo:
        story.photo.save("s.jpg", _jpeg())
    brand = Brand.objects.get(region_code="510104")
    if not brand.logo:
        brand.logo.save("b.jpg", _jpeg())
    if not exemplar.photo:
        exemplar.photo.save("e.jpg", _jpeg())
    leaflet = Asset.objects.filter(kind="leaflet").exclude(file="").order_by("pk")[0]
    n_photo = NominationPhoto.objects.create(
        nomination=assigned, image=_jpeg(), width=8, height=8, size=100
    )
    s_photo = SiteEvidencePhoto.objects.create(
        assessment=assessment, image=_jpeg(), width=8, height=8, size=100
    )
    return {
        "honours:console_campaign": {"pk": seat.campaign_id},
        "honours:console_campaign_action": {"pk": seat.campaign_id, "action": "notice"},
        "honours:console_jurors": {"pk": seat.campaign_id},
        "honours:console_nominate": {"pk": seat.campaign_id},
        "honours:console_photos": {"pk": assigned.pk},
        "honours:console_nomination": {"pk": assigned.pk},
        "honours:console_objections": {"pk": assigned.pk},
        "honours:console_site": {"pk": assessment.site_id},
        "honours:jury_declare": {"pk": seat.pk},
        "honours:jury_score": {"pk": assigned.pk},
        "honours:wall_exemplar": {"pk": exemplar.pk},
        "honours:notice": {"pk": published.pk},
        "honours:brand": {"slug": brand.slug},
        "honours:story": {"pk": story.pk},
        "honours:exemplar_photo": {"pk": exemplar.pk},
        "honours:brand_logo": {"pk": brand.pk},
        "honours:story_photo": {"pk": story.pk},
        "honours:asset_file": {"pk": leaflet.pk},
        "honours:nomination_photo": {"pk": n_photo.pk},
        "honours:site_photo": {"pk": s_photo.pk},
    }


def _workplan_samples(officer) -> dict[str, dict]:
    """Real rows of the small demo's work plan that demo-jinjiang may open (a file where the demo
    has none is added, so the file answers are real too)."""
    from redrider.workplan.models import Evidence, Institution, Meeting, Milestone, Task

    task = Task.objects.filter(region_code="510104").order_by("pk")[0]
    milestone = Milestone.objects.filter(task__region_code="510104").order_by("pk").first()
    milestone = milestone or Milestone.objects.create(
        task=task, title="节点", due_date=task.due_date
    )
    evidence = Evidence.objects.filter(task__region_code="510104").exclude(file="").first()
    if evidence is None:
        evidence = Evidence(task=task, kind="file", text="材料", file_name="a.jpg")
        evidence.file.save("a.jpg", _jpeg())
    meeting = Meeting.objects.exclude(minutes="").order_by("pk").first()
    if meeting is None:
        meeting = Meeting.objects.order_by("pk")[0]
        meeting.minutes.save("m.jpg", _jpeg())
    institution = Institution.objects.filter(region_code__startswith="5101").order_by("pk")[0]
    if not institution.document:
        institution.document.save("i.jpg", _jpeg())
    return {
        "workplan:task": {"task_id": milestone.task_id},
        "workplan:task_report": {"task_id": milestone.task_id},
        "workplan:task_evidence": {"task_id": milestone.task_id},
        "workplan:task_split": {"task_id": milestone.task_id},
        "workplan:milestone_toggle": {"task_id": milestone.task_id, "milestone_id": milestone.pk},
        "workplan:meeting": {"meeting_id": meeting.pk},
        "workplan:meeting_decision": {"meeting_id": meeting.pk},
        "workplan:meeting_minutes": {"meeting_id": meeting.pk},
        "workplan:institution_transition": {"institution_id": institution.pk},
        "workplan:evidence_file": {"evidence_id": evidence.pk},
        "workplan:minutes_file": {"meeting_id": meeting.pk},
        "workplan:institution_file": {"institution_id": institution.pk},
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
    real = {reverse(n, kwargs=samples[n]): n for n in samples if n.startswith(REAL_SAMPLES)}
    opened: dict[str, set[int]] = {url: set() for url in real}
    problems: list[str] = []
    checked_html = 0
    for username in ROLES:
        client.force_login(User.objects.get(username=username))
        for url in urls:
            # when the role opens the page
            response = client.get(url)
            if url in opened:
                opened[url].add(response.status_code)
            # then the policy allows script only from our files, and the page has none inline
            policy = _policy(response)
            script = policy.get("script-src", policy.get("default-src", []))
            if not script or "'unsafe-inline'" in script or "'unsafe-eval'" in script:
                problems.append(f"{username} {url}: script-src {script}")
            # (a sandboxed file — an SVG logo — may style itself: it runs and loads nothing)
            if "'unsafe-inline'" in policy.get("style-src", []) and "sandbox" not in policy:
                problems.append(f"{username} {url}: style-src allows inline")
            if "text/html" in response.get("Content-Type", "") and not response.streaming:
                checked_html += 1
                finder = ScriptFinder()
                finder.feed(response.content.decode())
                problems += [f"{username} {url}: {p}" for p in finder.problems]
        client.logout()
    assert not problems, "\n".join(problems[:50])
    assert checked_html > len(ROLES) * 20
    # and the sample ids of these apps are real: some role opens each page (a POST-only action
    # answers 405 to a GET), none is checked only as the 404 page
    stale = [
        f"{real[url]} {url}: {sorted(codes)}" for url, codes in opened.items() if codes <= {404}
    ]
    assert not stale, "\n".join(stale)


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
