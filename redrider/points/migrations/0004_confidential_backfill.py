"""Mark the tip-off rewards already in the ledger as confidential, and take the informant out of
their audit rows (DESIGN §4 rule 7).

Before 0003 the ledger knew a tip-off reward only by its source ("tipoff:<id>"; a reversal copies
its original's source), so this one-time backfill reads the string; from now on the rewards
service sets the field itself. The `points.award` audit rows of those transactions named the
rider and the source: they keep their rule and amount and lose both. Plain managers on purpose:
the models' own managers refuse updates (append-only), and this is a one-time correction of
history, not a movement.
"""

from django.db import migrations

CHUNK = 500


def forwards(apps, schema_editor):
    Transaction = apps.get_model("points", "Transaction")
    AuditEvent = apps.get_model("core", "AuditEvent")
    rows = Transaction._base_manager.filter(source__startswith="tipoff:")
    rows.update(confidential=True)
    ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
    for start in range(0, len(ids), CHUNK):
        audited = AuditEvent._base_manager.filter(
            action="points.award", object_type="Transaction", object_id__in=ids[start : start + CHUNK]
        )
        for event in audited.only("pk", "detail"):
            detail = {k: v for k, v in (event.detail or {}).items() if k not in ("rider", "source")}
            detail["confidential"] = True
            AuditEvent._base_manager.filter(pk=event.pk).update(detail=detail)


class Migration(migrations.Migration):
    dependencies = [("points", "0003_transaction_confidential"), ("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
