"""The policy: the permissions matrix as a table, unknown actions fail loudly, and the matrix doc
is generated from the policy and current."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from redrider.accounts import policy

# The permissions matrix (docs/permissions.md), written out: may each persona ever do the action
# within their region? ✓ yes, · no. Object-level conditions (their own station, a case of their
# county) are tested by each app; a new action must be added here before the suite passes.
MATRIX = """
action                      province  prefecture  county  instructor  host  auditor  rider
accounts.create                ✓          ✓          ✓         ·        ·      ·       ·
accounts.grant                 ✓          ✓          ✓         ·        ·      ·       ·
accounts.manage                ✓          ✓          ✓         ·        ·      ·       ·
activities.attend              ·          ·          ·         ·        ·      ·       ✓
activities.publish             ✓          ✓          ✓         ✓        ·      ·       ·
appeals.file                   ·          ·          ·         ·        ·      ·       ✓
appeals.handle                 ✓          ✓          ✓         ✓        ·      ·       ·
appeals.me_too                 ·          ·          ·         ·        ·      ·       ✓
appeals.tipoff_handle          ✓          ✓          ✓         ✓        ·      ·       ·
appeals.view_informant         ✓          ·          ·         ·        ·      ·       ·
dashboard.report               ✓          ✓          ✓         ·        ·      ·       ·
dashboard.view                 ✓          ✓          ✓         ✓        ·      ·       ·
honours.appoint_jurors         ✓          ✓          ✓         ·        ·      ·       ·
honours.assess_site            ✓          ✓          ✓         ·        ·      ·       ·
honours.handle_objections      ✓          ✓          ✓         ·        ·      ·       ·
honours.jury_desk              ·          ·          ·         ·        ·      ·       ·
honours.manage_campaign        ✓          ✓          ✓         ·        ·      ·       ·
honours.manage_publicity       ✓          ✓          ✓         ·        ·      ·       ·
honours.nominate               ✓          ✓          ✓         ✓        ·      ·       ·
honours.nominate_self          ·          ·          ·         ·        ·      ·       ✓
honours.propose_site           ✓          ✓          ✓         ✓        ·      ·       ·
honours.score                  ·          ·          ·         ·        ·      ·       ·
honours.sign_pledge            ·          ·          ·         ·        ·      ·       ✓
honours.view_informant_evidence ✓         ·          ·         ·        ·      ·       ·
honours.view_nominations       ✓          ✓          ✓         ✓        ·      ·       ·
orgs.ledger_write              ✓          ✓          ✓         ✓        ·      ·       ·
planning.demand_load           ✓          ✓          ✓         ·        ·      ·       ·
planning.demand_switch         ✓          ✓          ✓         ·        ·      ·       ·
planning.plan_create           ✓          ✓          ✓         ·        ·      ·       ·
planning.plan_delete           ✓          ✓          ✓         ·        ·      ·       ·
points.administer              ✓          ✓          ·         ·        ·      ·       ·
points.fulfil                  ✓          ✓          ✓         ✓        ·      ·       ·
points.item_host               ·          ·          ·         ·        ✓      ·       ·
points.manage                  ✓          ✓          ✓         ·        ·      ·       ·
points.redeem                  ·          ·          ·         ·        ·      ·       ✓
points.reveal_confidential     ✓          ·          ·         ·        ·      ·       ·
riders.census                  ✓          ✓          ✓         ✓        ·      ·       ·
riders.claim_decide            ·          ·          ✓         ·        ·      ·       ·
riders.claim_read              ✓          ✓          ✓         ·        ·      ·       ·
riders.import                  ✓          ✓          ✓         ✓        ·      ·       ·
riders.liaison                 ✓          ✓          ✓         ✓        ·      ·       ·
riders.survey_create           ✓          ✓          ✓         ✓        ·      ·       ·
stations.checkin               ·          ·          ·         ·        ·      ·       ✓
stations.correction_submit     ✓          ✓          ✓         ✓        ✓      ·       ✓
stations.edit                  ✓          ✓          ✓         ·        ·      ·       ·
stations.host                  ·          ·          ·         ·        ✓      ·       ·
web.audit_log                  ✓          ·          ·         ·        ·      ✓       ·
web.console                    ✓          ✓          ✓         ✓        ·      ·       ·
web.stations                   ✓          ✓          ✓         ✓        ✓      ·       ·
workplan.export                ✓          ✓          ✓         ✓        ·      ·       ·
workplan.institution           ✓          ✓          ✓         ·        ·      ·       ·
workplan.meeting               ✓          ✓          ✓         ·        ·      ·       ·
workplan.plan                  ✓          ✓          ✓         ·        ·      ·       ·
workplan.report                ✓          ✓          ✓         ·        ·      ·       ·
workplan.view                  ✓          ✓          ✓         ✓        ·      ·       ·
"""

PERSONAS = {
    "province": "province_admin",
    "prefecture": "prefecture_officer",
    "county": "county_officer",
    "instructor": "instructor",
    "host": "station_host",
    "auditor": "auditor",
    "rider": "rider",
}


def _table() -> dict[tuple[str, str], bool]:
    header, *rows = [line.split() for line in MATRIX.strip().splitlines()]
    return {
        (cells[0], persona): mark == "✓"
        for cells in rows
        for persona, mark in zip(header[1:], cells[1:], strict=True)
    }


TABLE = _table()


def test_the_table_lists_exactly_the_declared_actions():
    assert {action for action, _ in TABLE} == set(policy.ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "persona"), sorted(TABLE), ids=[f"{a}-{p}" for a, p in sorted(TABLE)]
)
def test_each_persona_may_do_what_the_matrix_says(action, persona, request):
    # given the persona (the shared fixtures; the province admin holds personal-data access)
    user = request.getfixturevalue(PERSONAS[persona])
    # when the policy is asked with no particular object / then it answers as the table says
    assert policy.can(user, action) is TABLE[action, persona]


def test_an_unknown_action_is_an_error_not_a_quiet_refusal(county_officer):
    # given an action nobody declared / when it is asked / then it raises
    with pytest.raises(KeyError):
        policy.can(county_officer, "nowhere.nothing")


def test_an_anonymous_or_inactive_user_may_do_nothing(county_officer):
    county_officer.is_active = False
    for name in policy.ACTIONS:
        assert policy.can(AnonymousUser(), name) is False, name
        assert policy.can(county_officer, name) is False, name


def test_a_superuser_may_do_every_staff_action_but_not_a_riders(db):
    from redrider.accounts.models import User

    boss = User.objects.create_superuser("root", password="pw-test-1234")
    staff_only = {a for (a, p), ok in TABLE.items() if ok and p != "rider"}
    rider_only = {a for a, _ in TABLE} - staff_only
    assert all(policy.can(boss, a) for a in staff_only)
    assert not any(policy.can(boss, a) for a in rider_only)


def test_declaring_an_action_twice_is_refused():
    with pytest.raises(ValueError):
        policy.rule(next(iter(policy.ACTIONS)), policy.is_officer)


def test_a_place_stands_for_an_object_of_that_region(county_officer):
    # given the county officer of 510104
    # then the liaison rule holds in their county and not next door
    assert policy.can(county_officer, "riders.liaison", policy.Place("510104"))
    assert not policy.can(county_officer, "riders.liaison", policy.Place("510107"))


def test_the_permissions_doc_is_generated_from_the_policy_and_current():
    # then docs/permissions.md equals what the policy renders (run `redrider permissions_doc`)
    call_command("permissions_doc", "--check")
