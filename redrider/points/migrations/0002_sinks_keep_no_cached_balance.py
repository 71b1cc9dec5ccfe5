"""The redemption and expiry sinks stop caching their balance (it is the sum of their entries).

Their cached `balance` goes to 0 so that `ledger_check` can require it; no entry changes, so
every balance — derived or cached — is what it was.
"""

from django.db import migrations

SINKS = ["redemption", "expiry"]


def forwards(apps, schema_editor):
    Account = apps.get_model("points", "Account")
    Account.objects.filter(kind__in=SINKS).update(balance=0)


def backwards(apps, schema_editor):
    Account = apps.get_model("points", "Account")
    Entry = apps.get_model("points", "Entry")
    from django.db.models import Sum

    for account in Account.objects.filter(kind__in=SINKS):
        total = Entry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0
        Account.objects.filter(pk=account.pk).update(balance=total)


class Migration(migrations.Migration):
    dependencies = [("points", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
