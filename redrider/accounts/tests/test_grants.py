"""Roles, regions and personal-data permissions change only through `user_grant` /
`staff_create`: never beyond the actor's own role, region or permissions, never superuser, never
one's own account; every grant and every refusal is audited. The admin cannot edit them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from conftest import make_staff
from redrider.accounts.models import User
from redrider.accounts.services import staff_create, user_grant
from redrider.core.errors import DomainError
from redrider.core.models import AuditEvent

pytestmark = pytest.mark.django_db

GRANTS = ("role", "scope_code", "can_view_pii", "can_view_political_status", "is_staff")


def grants_of(user) -> dict:
    user.refresh_from_db()
    return {name: getattr(user, name) for name in (*GRANTS, "is_superuser")}


def admin_door(user, *codenames):
    """The admin's door and the given model permissions (what a superuser might hand out)."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def plain_province_admin(db):
    """A province admin without the personal-data permissions."""
    return make_staff("t-province-plain", "province_admin", "510000")


def test_a_province_admin_given_change_user_cannot_make_itself_superuser_through_the_form(
    client, plain_province_admin
):
    # given the attack's starting point: a province admin holding change_user
    me = admin_door(plain_province_admin, "change_user", "view_user")
    before = grants_of(me)
    client.force_login(me)
    # when it posts its own account's form with superuser, the whole country and unmasked PII
    response = client.post(
        f"/admin/accounts/user/{me.pk}/change/",
        {
            "username": me.username,
            "display_name": "me",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "role": "province_admin",
            "scope_code": "000000",
            "can_view_pii": "on",
            "can_view_political_status": "on",
            "user_permissions": [p.pk for p in Permission.objects.all()],
        },
    )
    # then the form saved what it may (the name) and none of the grants
    assert response.status_code == 302
    assert grants_of(me) == before
    assert set(me.user_permissions.values_list("codename", flat=True)) == {
        "change_user",
        "view_user",
    }
    # and the change is in the audit log
    assert AuditEvent.objects.filter(action="admin.change", object_id=str(me.pk)).exists()


def test_the_grant_page_refuses_the_actors_own_account_and_audits_the_attempt(
    client, plain_province_admin
):
    # given
    me = admin_door(plain_province_admin, "change_user", "view_user")
    before = grants_of(me)
    client.force_login(me)
    # when it asks the grant page for PII on itself
    response = client.post(
        f"/admin/accounts/user/{me.pk}/grant/",
        {"role": "province_admin", "scope_code": "510000", "can_view_pii": "on"},
    )
    # then the page shows the refusal, nothing changes, and the attempt is audited as denied
    assert response.status_code == 200 and "不能修改本人" in response.content.decode()
    assert grants_of(me) == before
    assert AuditEvent.objects.filter(
        action="account.grant", object_id=str(me.pk), result="denied"
    ).exists()


def test_the_grant_page_changes_a_lower_account_through_the_service(
    client, province_admin, instructor
):
    # given
    client.force_login(admin_door(province_admin, "change_user", "view_user"))
    # when the province admin makes Jinjiang's instructor a county officer of Wuhou
    response = client.post(
        f"/admin/accounts/user/{instructor.pk}/grant/",
        {"role": "county_officer", "scope_code": "510107"},
    )
    # then it changed, and the audit row keeps the grants before and after
    assert response.status_code == 302
    assert grants_of(instructor)["role"] == "county_officer"
    row = AuditEvent.objects.get(action="account.grant", object_id=str(instructor.pk))
    assert row.result == "ok" and row.actor == province_admin
    assert row.detail["before"]["role"] == "instructor"
    assert row.detail["after"]["scope_code"] == "510107"


def test_an_account_holding_more_cannot_be_changed_or_have_its_password_reset(
    client, plain_province_admin, province_admin
):
    # given a colleague of the same province who holds the PII permission
    client.force_login(admin_door(plain_province_admin, "change_user", "view_user"))
    before = province_admin.password
    # when the plain province admin tries to reset the colleague's password and change them
    reset = client.post(
        f"/admin/accounts/user/{province_admin.pk}/password/",
        {"password1": "new-pass-12345", "password2": "new-pass-12345"},
    )
    change = client.post(
        f"/admin/accounts/user/{province_admin.pk}/change/",
        {"username": "taken-over", "is_active": ""},
    )
    # then both are refused and nothing changed
    province_admin.refresh_from_db()
    assert reset.status_code == 403 and change.status_code == 403
    assert province_admin.password == before and province_admin.username == "t-province"
    assert province_admin.is_active


def test_superusers_and_another_provinces_staff_are_not_found_in_the_admin(client, province_admin):
    # given a superuser and a county officer of Chongqing
    root = User.objects.create_superuser("root", password="pw-root-12345")
    chongqing = make_staff("t-yuzhong", "county_officer", "500103")
    client.force_login(admin_door(province_admin, "change_user", "view_user"))
    # when / then
    assert client.get(f"/admin/accounts/user/{root.pk}/change/").status_code == 404
    assert client.get(f"/admin/accounts/user/{root.pk}/password/").status_code == 404
    assert client.get(f"/admin/accounts/user/{chongqing.pk}/grant/").status_code == 404


def test_the_admin_creates_staff_only_within_the_actors_own_grants(client, plain_province_admin):
    # given
    client.force_login(admin_door(plain_province_admin, "add_user", "view_user"))
    form = {
        "username": "new-officer",
        "display_name": "新人",
        "password1": "long-pass-12345",
        "password2": "long-pass-12345",
        "role": "county_officer",
        "scope_code": "510104",
    }
    # when it asks for an account with a permission it does not hold, then for a plain one
    refused = client.post("/admin/accounts/user/add/", {**form, "can_view_pii": "on"})
    created = client.post("/admin/accounts/user/add/", form)
    # then the first is refused with nothing written, the second created and audited
    assert refused.status_code == 200 and "不能授予超出" in refused.content.decode()
    user = User.objects.get(username="new-officer")
    assert created.status_code == 302 and not user.can_view_pii and user.role == "county_officer"
    assert AuditEvent.objects.filter(action="account.create", result="denied").count() == 1
    assert AuditEvent.objects.filter(action="account.create", object_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    "actor_name, target_name, asked, code",
    [
        # a role above one's own
        ("county_officer", "instructor", {"role": "prefecture_officer", "scope_code": "510100"}, "forbidden"),
        # a region outside one's own
        ("county_officer", "instructor", {"role": "county_officer", "scope_code": "510107"}, "forbidden"),
        # a permission one lacks
        ("plain_province_admin", "instructor", {"role": "instructor", "scope_code": "510104", "can_view_pii": True}, "forbidden"),
        # the whole country's audit log
        ("province_admin", "instructor", {"role": "auditor", "scope_code": ""}, "forbidden"),
        # one's own account
        ("county_officer", "county_officer", {"role": "county_officer", "scope_code": "510104"}, "forbidden"),
        # an account holding more (another county)
        ("county_officer", "other_county_officer", {"role": "instructor", "scope_code": "510104"}, "forbidden"),
        # an account holding more (a higher role)
        ("county_officer", "prefecture_officer", {"role": "county_officer", "scope_code": "510104"}, "forbidden"),
        # no such region, or one that does not fit the role
        ("province_admin", "instructor", {"role": "county_officer", "scope_code": "5101040"}, "invalid_scope"),
        ("province_admin", "instructor", {"role": "county_officer", "scope_code": "510100"}, "invalid_scope"),
        ("province_admin", "instructor", {"role": "superuser", "scope_code": "510104"}, "invalid_role"),
        # a rider's account is not made staff
        ("province_admin", "rider", {"role": "county_officer", "scope_code": "510104"}, "rider_account"),
        # someone who is not an officer grants nothing
        ("station_host", "instructor", {"role": "station_host", "scope_code": "510104"}, "forbidden"),
    ],
)  # fmt: skip
def test_grants_beyond_the_actors_own_are_refused_change_nothing_and_are_audited(
    request, actor_name, target_name, asked, code
):
    # given
    actor = request.getfixturevalue(actor_name)
    target = request.getfixturevalue(target_name)
    before = grants_of(target)
    # when
    with pytest.raises(DomainError) as refused:
        user_grant(actor=actor, user=target, **asked)
    # then
    assert refused.value.code == code and refused.value.status in (403, 422)
    assert grants_of(target) == before
    assert AuditEvent.objects.filter(
        action="account.grant", object_id=str(target.pk), result="denied", actor=actor
    ).exists()


def test_a_grant_within_the_actors_own_is_made_and_audited(county_officer, instructor):
    # when Jinjiang's officer makes the instructor a station host of Jinjiang
    user_grant(actor=county_officer, user=instructor, role="station_host", scope_code="510104")
    # then
    assert grants_of(instructor)["role"] == "station_host"
    row = AuditEvent.objects.get(action="account.grant", result="ok")
    assert row.detail == {
        "before": {
            "role": "instructor",
            "scope_code": "510104",
            "can_view_pii": False,
            "can_view_political_status": False,
            "is_staff": False,
        },
        "after": {
            "role": "station_host",
            "scope_code": "510104",
            "can_view_pii": False,
            "can_view_political_status": False,
            "is_staff": False,
        },
    }


def test_only_a_superuser_grants_the_auditor_role(instructor):
    # given
    root = User.objects.create_superuser("root", password="pw-root-12345")
    # when
    user_grant(actor=root, user=instructor, role="auditor", scope_code="")
    # then
    assert grants_of(instructor)["role"] == "auditor"


def test_the_province_admin_role_opens_the_admin_and_losing_it_closes_it(
    province_admin, prefecture_officer
):
    # when the province admin makes the prefecture officer a province admin, then takes it back
    user_grant(
        actor=province_admin, user=prefecture_officer, role="province_admin", scope_code="510000"
    )
    opened = grants_of(prefecture_officer)["is_staff"]
    user_grant(
        actor=province_admin,
        user=prefecture_officer,
        role="prefecture_officer",
        scope_code="510100",
    )
    # then
    assert opened and not grants_of(prefecture_officer)["is_staff"]


def test_staff_create_refuses_a_taken_user_name(province_admin, county_officer):
    # when
    with pytest.raises(DomainError) as refused:
        staff_create(
            actor=province_admin,
            username=county_officer.username,
            password="long-pass-12345",
            role="county_officer",
            scope_code="510104",
        )
    # then
    assert refused.value.status == 409
