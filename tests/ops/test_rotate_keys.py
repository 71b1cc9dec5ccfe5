"""Key rotation (issue 15 item 6): `redrider rotate_keys` moves every encrypted field and blind
index to the current keys in batches while reads, look-ups and sign-ins keep working."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from conftest import PASSWORD
from redrider.accounts.backends import resolve_username
from redrider.accounts.services import rider_account_create
from redrider.core.pii import _open
from redrider.riders.identity import id_index, phone_index
from redrider.riders.models import Rider
from redrider.riders.tests.factories import make_rider

pytestmark = pytest.mark.django_db

OLD_FIELD, NEW_FIELD = "field-key-2025-old", "field-key-2026-new"
OLD_INDEX, NEW_INDEX = "index-key-2025-old", "index-key-2026-new"


def rotate(*args) -> tuple[bool, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("rotate_keys", "--batch", "3", *args, stdout=out, stderr=err)
    except CommandError:
        return False, out.getvalue() + err.getvalue()
    return True, out.getvalue() + err.getvalue()


def raw_ids() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number FROM {Rider._meta.db_table} ORDER BY id")  # noqa: S608
        return [r[0] for r in cursor.fetchall()]


def test_rotation_keeps_every_rider_readable_findable_and_able_to_sign_in(settings, client):
    # given riders written under the old keys, one with an account that signs in by phone
    settings.FIELD_ENCRYPTION_KEY, settings.BLIND_INDEX_KEY = OLD_FIELD, OLD_INDEX
    riders = [make_rider(name=f"骑手{i}") for i in range(7)]
    people = {r.pk: (r.id_number, r.phone) for r in riders}
    account = rider_account_create(actor=None, phone=riders[0].phone, password=PASSWORD)
    Rider.objects.filter(pk=riders[0].pk).update(user=account)
    # when the new keys become current and the old ones are kept as old (a rolling restart)
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_KEYS_OLD = NEW_FIELD, OLD_FIELD
    settings.BLIND_INDEX_KEY, settings.BLIND_INDEX_KEYS_OLD = NEW_INDEX, OLD_INDEX
    # then before any rewrite everything is read, found and signs in
    number, phone = people[riders[3].pk]
    assert Rider.objects.get(pk=riders[3].pk).id_number == number
    assert Rider.objects.filter(id_index=id_index(number)).get().pk == riders[3].pk
    assert Rider.objects.filter(phone_index=phone_index(phone)).exists()
    assert resolve_username(riders[0].phone) == account.username
    # and --check reports what is still under an old key
    ok, text = rotate("--check")
    assert not ok and "riders_rider.id_number: 7" in text and "riders_rider.id_index: 7" in text
    # when the rotation runs (in batches of 3)
    ok, text = rotate()
    assert ok, text
    # then nothing is left under an old key, and a second run rewrites nothing
    assert rotate("--check")[0]
    assert "nothing left under an old key" in rotate()[1]
    # and with the old keys gone, every value opens with the new key alone and is found
    settings.FIELD_ENCRYPTION_KEYS_OLD = settings.BLIND_INDEX_KEYS_OLD = ""
    assert [_open(v, [NEW_FIELD]) for v in raw_ids()] == [people[r.pk][0] for r in riders]
    for rider in riders:
        number, phone = people[rider.pk]
        assert Rider.objects.get(id_index=id_index(number)).pk == rider.pk
        assert Rider.objects.get(phone_index=phone_index(phone)).pk == rider.pk
    assert resolve_username(riders[0].phone) == account.username
    response = client.post(
        "/api/v1/auth/token",
        {"username": riders[0].phone, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_a_value_no_configured_key_opens_stops_the_rotation(settings):
    settings.FIELD_ENCRYPTION_KEY = "a-key-nobody-keeps"
    make_rider()
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_KEYS_OLD = NEW_FIELD, OLD_FIELD
    ok, text = rotate("--only", "fields")
    assert not ok and "opened by no configured key" in text
