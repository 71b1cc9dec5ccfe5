"""A founded tip-off's reward does not name its informant anywhere in the ledger (DESIGN §4 rule 7):
not in the API's lists or details, not through the rider filter, not on the console or in the
ledger export, not in audit rows. A holder of the informant permission may look, and every look
is audited; the rider sees their own reward as a neutral line."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from redrider.appeals.tests.factories import make_rider, make_tipoff
from redrider.core.errors import PermissionDenied
from redrider.core.models import AuditEvent
from redrider.points.models import Transaction
from redrider.points.services import points_award

from .factories import fund, rule

pytestmark = pytest.mark.django_db

STAFF = ["county_officer", "instructor", "prefecture_officer"]


@pytest.fixture
def rewarded(county_officer, api, django_capture_on_commit_callbacks):
    """A Jinjiang informant whose founded tip-off was rewarded through the API (the points app
    credits it once the verification commits), plus a manual award to the same rider (which
    names them, as any ordinary award does)."""
    fund("510000", yuan=100_000)
    rule("tipoff_founded", points=50)
    rule("manual", points=1)
    informant = make_rider(4242)
    tipoff = make_tipoff(informant=informant)
    with django_capture_on_commit_callbacks(execute=True):
        done = api(county_officer).post(
            f"/api/v1/tipoffs/{tipoff.pk}/verification", {"outcome": "founded", "note": "查实"}
        )
    assert done.status_code == 200, done.content
    manual = points_award(
        actor=county_officer,
        rider_user=informant,
        rule_code="manual",
        source="manual:volunteer",
        region_code="510104",
        amount=5,
        idempotency_key="manual-1",
    )
    reward = Transaction.objects.get(rule_code="tipoff_founded")
    return {"informant": informant, "tipoff": tipoff, "reward": reward, "manual": manual}


def _traces(rewarded) -> list[str]:
    """What would link the reward to its informant if it appeared in an answer."""
    informant = rewarded["informant"]
    return [f"tipoff:{rewarded['tipoff'].pk}", f"rider:{informant.pk}", informant.label]


def test_the_reward_is_marked_confidential_by_the_service_that_posts_it(rewarded):
    # then the ledger row carries the flag (not inferred later from its source)
    assert rewarded["reward"].confidential is True
    assert rewarded["manual"].confidential is False


@pytest.mark.parametrize("persona", STAFF)
def test_staff_without_the_permission_cannot_link_the_reward_to_its_informant(
    persona, request, rewarded, api
):
    # given a staff member over Jinjiang without the informant permission
    client = api(request.getfixturevalue(persona))
    reward, informant = rewarded["reward"], rewarded["informant"]
    # when they list the ledger, open the reward and filter by the informant
    listed = client.get("/api/v1/points/transactions", limit=500)
    detail = client.get(f"/api/v1/points/transactions/{reward.pk}")
    by_rider = client.get("/api/v1/points/transactions", rider_id=informant.pk, limit=500)
    # then the reward is there, but without rider or source
    assert listed.status_code == detail.status_code == by_rider.status_code == 200
    item = next(i for i in listed.json()["items"] if i["id"] == reward.pk)
    assert (item["rider_id"], item["source"], item["confidential"]) == (None, "", True)
    body = detail.json()
    assert (body["rider_id"], body["source"], body["confidential"]) == (None, "", True)
    rider_leg = next(e for e in body["entries"] if e["account_kind"] == "rider")
    assert rider_leg["account"] is None and rider_leg["amount"] == 50
    # and filtering by the informant finds only their ordinary award: no count gives them away
    assert [i["id"] for i in by_rider.json()["items"]] == [rewarded["manual"].pk]
    assert by_rider.json()["count"] == 1
    for text in (listed.content.decode(), detail.content.decode()):
        for trace in _traces(rewarded):
            assert trace not in text
    assert not AuditEvent.objects.filter(action="points.confidential_view", result="ok").exists()


def test_a_station_host_sees_no_ledger_at_all(rewarded, station_host, api):
    # when the host of a Jinjiang station reads the ledger
    client = api(station_host)
    listed = client.get("/api/v1/points/transactions", limit=500).json()
    detail = client.get(f"/api/v1/points/transactions/{rewarded['reward'].pk}")
    # then no transaction of the county exists for them
    assert listed == {"items": [], "count": 0}
    assert detail.status_code == 404


@pytest.mark.parametrize("persona", ["county_officer", "instructor"])
def test_the_console_and_the_ledger_export_hide_the_informant(persona, request, rewarded, client):
    # given a staff member of Jinjiang on the console
    client.force_login(request.getfixturevalue(persona))
    # when they open the points overview and export the ledger
    page = client.get("/points/console/")
    export = client.get("/points/console/ledger.xlsx")
    # then the reward is listed as confidential, with no rider or source
    assert page.status_code == export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    header, body = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert header[0] == "流水号"
    reward = body[rewarded["reward"].pk]
    assert (reward["来源"], reward["骑手"], reward["积分"]) == ("保密", "保密", 50)
    assert body[rewarded["manual"].pk]["骑手"] == rewarded["informant"].label
    for trace in _traces(rewarded)[:2]:
        assert trace not in page.content.decode()
        assert all(trace not in str(cell) for row in rows for cell in row)


def test_the_export_is_scoped_to_the_officers_county(rewarded, other_county_officer, client):
    # given the Wuhou officer
    client.force_login(other_county_officer)
    # when they export the ledger
    rows = list(
        load_workbook(
            io.BytesIO(client.get("/points/console/ledger.xlsx").content)
        ).active.iter_rows(values_only=True)
    )
    # then the Jinjiang movements are not in it
    ids = {r[0] for r in rows[1:]}
    assert rewarded["reward"].pk not in ids and rewarded["manual"].pk not in ids


def test_the_award_audit_row_names_neither_the_informant_nor_the_tipoff(rewarded):
    # given the audit row of the reward
    row = AuditEvent.objects.get(action="points.award", object_id=str(rewarded["reward"].pk))
    # then it keeps the rule and the amount only
    assert row.detail == {"rule": "tipoff_founded", "amount": 50, "confidential": True}
    # and no audit row of the whole flow carries the informant or the tip-off's reward source
    text = json.dumps(list(AuditEvent.objects.values("actor_label", "detail")), ensure_ascii=False)
    assert f"tipoff:{rewarded['tipoff'].pk}" not in text
    assert rewarded["informant"].label not in text
    assert not AuditEvent.objects.filter(actor=rewarded["informant"]).exists()


def test_a_holder_of_the_informant_permission_sees_the_rider_and_every_look_is_audited(
    rewarded, county_officer, province_admin, api
):
    # given a Jinjiang officer granted the informant permission, and the province admin who
    # holds unmasked-PII access
    county_officer.user_permissions.add(
        Permission.objects.get(codename="view_tipoff_informant", content_type__app_label="appeals")
    )
    reward, informant = rewarded["reward"], rewarded["informant"]
    # when each opens the reward, the officer twice
    seen = [
        api(user).get(f"/api/v1/points/transactions/{reward.pk}").json()
        for user in (county_officer, county_officer, province_admin)
    ]
    listed = api(county_officer).get("/api/v1/points/transactions", limit=500).json()
    # then they see who it was for and why
    for body in seen:
        assert (body["rider_id"], body["rider"]) == (informant.pk, informant.label)
        assert body["source"] == f"tipoff:{rewarded['tipoff'].pk}"
        assert f"rider:{informant.pk}" in [e["account"] for e in body["entries"]]
    # and every look wrote an audit row naming the transaction, never the rider
    looks = AuditEvent.objects.filter(action="points.confidential_view", result="ok")
    assert sorted(looks.values_list("actor_id", flat=True)) == sorted(
        [county_officer.pk, county_officer.pk, province_admin.pk]
    )
    assert set(looks.values_list("object_id", flat=True)) == {str(reward.pk)}
    assert informant.label not in json.dumps(list(looks.values_list("detail", flat=True)))
    # and lists still link nothing, even for them
    item = next(i for i in listed["items"] if i["id"] == reward.pk)
    assert item["rider_id"] is None and item["source"] == ""


def test_the_reveal_refuses_anyone_else_and_audits_the_refusal(rewarded, instructor):
    # when an instructor of the county asks the service directly
    from redrider.points.services import points_confidential_reveal

    with pytest.raises(PermissionDenied):
        points_confidential_reveal(actor=instructor, transaction_id=rewarded["reward"].pk)
    # then the refusal is on record
    assert AuditEvent.objects.filter(
        action="points.confidential_view", result="denied", actor=instructor
    ).exists()


def test_a_reversal_of_the_reward_is_as_confidential_as_the_reward(rewarded, county_officer, api):
    # when the county officer reverses the reward
    response = api(county_officer).post(
        f"/api/v1/points/transactions/{rewarded['reward'].pk}/reversal",
        {"reason": "重复奖励"},
        idempotency_key="rev-1",
    )
    # then the mirror is confidential too, and its answer names nobody
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["rider_id"], body["source"], body["confidential"]) == (None, "", True)
    assert Transaction.objects.get(pk=body["id"]).confidential is True


def test_the_rider_sees_their_reward_as_a_neutral_line_without_the_tipoff_number(
    rewarded, api, client
):
    # given the informant
    informant = rewarded["informant"]
    # when they read their balance and history
    me = api(informant)
    movements = me.get("/api/v1/points/movements").json()["items"]
    client.force_login(informant)
    history = client.get("/points/history/").content.decode()
    # then the reward is there with its rule's name, but not the tip-off's number
    assert me.get("/api/v1/points/balance").json() == {"balance": 55}
    reward = next(m for m in movements if m["transaction_id"] == rewarded["reward"].pk)
    assert (reward["amount"], reward["source"], reward["memo"]) == (50, "", "规则tipoff_founded")
    assert f"tipoff:{rewarded['tipoff'].pk}" not in json.dumps(movements)
    assert f"tipoff:{rewarded['tipoff'].pk}" not in history
    assert "线索查实奖励" in history  # the rider's history says it in words


def test_no_one_awards_under_the_tipoff_rule_by_hand(rewarded, county_officer, api):
    # given the informant already rewarded this month under the tip-off rule (capped monthly)
    before = Transaction.objects.count()
    # when an officer tries a hand-made award under that rule, to read the cap's answer
    response = api(county_officer).post(
        "/api/v1/points/awards",
        {
            "rider_id": rewarded["informant"].pk,
            "rule_code": "tipoff_founded",
            "source": "manual",
            "region_code": "510104",
            "amount": 500,
        },
        idempotency_key="probe-1",
    )
    # then it is refused for every rider alike, and nothing is written
    assert response.status_code == 422
    assert response.json()["code"] == "confidential_rule"
    assert Transaction.objects.count() == before


def test_the_backfill_marks_earlier_tipoff_rewards_and_scrubs_their_audit_rows(county_officer):
    # given a reward as the ledger wrote it before the flag existed: unmarked, and its audit row
    # naming the rider and the tip-off
    import importlib

    from django.apps import apps

    fund("510000", yuan=100_000)
    rule("tipoff_founded", points=50)
    informant = make_rider(4343)
    old = points_award(
        actor=county_officer,
        rider_user=informant,
        rule_code="tipoff_founded",
        source="tipoff:77",
        region_code="510104",
        idempotency_key="tipoff:77",
        confidential=True,
    )
    Transaction._base_manager.filter(pk=old.pk).update(confidential=False)
    audit = AuditEvent.objects.get(action="points.award", object_id=str(old.pk))
    AuditEvent._base_manager.filter(pk=audit.pk).update(
        detail={
            "rule": "tipoff_founded",
            "source": "tipoff:77",
            "amount": 50,
            "rider": informant.pk,
        }
    )
    # when the data migration runs
    backfill = importlib.import_module("redrider.points.migrations.0004_confidential_backfill")
    backfill.forwards(apps, None)
    # then the reward is confidential and its audit row no longer names the rider or tip-off
    assert Transaction.objects.get(pk=old.pk).confidential is True
    audit.refresh_from_db()
    assert audit.detail == {"rule": "tipoff_founded", "amount": 50, "confidential": True}
