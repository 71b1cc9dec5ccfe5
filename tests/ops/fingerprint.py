"""What a restore must give back, computed the same way on both sides:

    python -m tests.ops.fingerprint      (with the environment of the database to read)

prints one JSON line: the row count of every table, the ledger's sums (entries per account, all
entries, cached balances) and a SHA-256 over the ordered ledger rows (transactions and entries).
"""

from __future__ import annotations

import hashlib
import json


def fingerprint() -> dict:
    from django.apps import apps
    from django.db import connection

    from redrider.points.models import Account, Entry, Transaction

    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if model._meta.proxy or not model._meta.managed or table in counts:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - our own table names
            counts[table] = cursor.fetchone()[0]

        def rows(sql: str) -> list:
            cursor.execute(sql)
            return [[str(v) for v in row] for row in cursor.fetchall()]

        entries = rows(
            f"SELECT id, transaction_id, account_id, amount, created_at "  # noqa: S608
            f'FROM "{Entry._meta.db_table}" ORDER BY id'
        )
        transactions = rows(
            f"SELECT id, kind, amount, rider_id, idempotency_key, created_at "  # noqa: S608
            f'FROM "{Transaction._meta.db_table}" ORDER BY id'
        )
        per_account = rows(
            f'SELECT account_id, SUM(amount) FROM "{Entry._meta.db_table}" '  # noqa: S608
            f"GROUP BY account_id ORDER BY account_id"
        )
        balances = rows(
            f'SELECT id, code, balance FROM "{Account._meta.db_table}" ORDER BY id'  # noqa: S608
        )
    digest = hashlib.sha256(json.dumps([transactions, entries]).encode()).hexdigest()
    return {
        "counts": counts,
        "ledger": {
            "entries_total": sum(int(a) for _, a in per_account),
            "per_account": per_account,
            "balances": balances,
            "transactions": len(transactions),
            "entries": len(entries),
        },
        "ledger_sha256": digest,
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(fingerprint()))
