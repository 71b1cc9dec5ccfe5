"""The audit log is a hash chain checked by `redrider audit_verify` (issue 15 item 5)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models

from redrider.core.audit import audit_record
from redrider.core.audit_chain import seal, verify
from redrider.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def rows(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        audit_record(actor=None, action=f"test.row{i}", detail={"i": i, "名": "值"})


def raw():
    return models.QuerySet(model=AuditEvent)


def run_verify(*args) -> tuple[bool, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
    except CommandError:
        return False, out.getvalue() + err.getvalue()
    return True, out.getvalue() + err.getvalue()


def test_rows_are_sealed_after_commit_into_one_chain(django_capture_on_commit_callbacks):
    # when audited writes commit
    with django_capture_on_commit_callbacks(execute=True):
        rows(3)
    # then each row is sealed in order, linked to the one before, and the chain verifies
    sealed = list(AuditEvent.objects.order_by("seq").values_list("seq", "prev_hash", "hash"))
    last = sealed[-1][0]
    assert last is not None
    assert [s for s, _, _ in sealed][-3:] == [last - 2, last - 1, last]
    assert all(
        prev == before for (_, prev, _), (_, _, before) in zip(sealed[1:], sealed, strict=False)
    )
    ok, text = run_verify()
    assert ok, text
    head = AuditChainHead.objects.get(pk=1)
    assert f"head {head.seq}:{head.hash}" in text


def test_a_changed_row_breaks_the_chain():
    rows(5)
    seal()
    victim = AuditEvent.objects.order_by("seq")[2]
    raw().filter(pk=victim.pk).update(action="test.innocent")
    ok, text = run_verify()
    assert not ok and f"seq {victim.seq}" in text and "content changed" in text


def test_a_removed_row_breaks_the_chain():
    rows(5)
    seal()
    victim = AuditEvent.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [victim.pk])  # noqa: S608
    ok, text = run_verify()
    assert not ok and "missing" in text


def test_rows_cut_from_the_end_are_seen_through_the_head():
    rows(4)
    seal()
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [last.pk])  # noqa: S608
    ok, text = run_verify()
    assert not ok and "head says" in text


def test_a_rewritten_chain_is_caught_by_the_recorded_head():
    # given a head recorded yesterday
    rows(3)
    seal()
    head = AuditChainHead.objects.get(pk=1)
    recorded = f"{head.seq}:{head.hash}"
    # when someone holding the database rewrites every row and recomputes the chain
    first = AuditEvent.objects.order_by("seq").first()
    assert first is not None
    raw().filter(pk=first.pk).update(action="test.rewritten")
    raw().update(seq=None, prev_hash="", hash="")
    AuditChainHead.objects.filter(pk=1).update(seq=0, hash="0" * 64)
    seal()
    # then the chain verifies on its own, but not through the recorded head
    assert run_verify()[0]
    ok, text = run_verify("--expect-head", recorded)
    assert not ok and "not in the chain" in text


def test_rows_keep_the_append_only_guard():
    rows(1)
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(action="x")
    row = AuditEvent.objects.first()
    assert row is not None
    with pytest.raises(TypeError):
        row.save()


def test_verify_counts_unsealed_rows_apart():
    rows(2)
    verdict = verify()
    assert verdict.ok and verdict.unsealed >= 2
