"""Key rotation: rewrite every encrypted field and blind index under the current keys, in
small batches, while the platform keeps serving (docs/operations.md "Key rotation").

Before running: the new keys are FIELD_ENCRYPTION_KEY / BLIND_INDEX_KEY and the previous ones
are listed in FIELD_ENCRYPTION_KEYS_OLD / BLIND_INDEX_KEYS_OLD on every app process (a rolling
restart), so reads and look-ups work whichever key a row is under (core.pii). Each batch is one
short transaction; a value is rewritten only if it is still the one read (a concurrent write has
already used the current key), so the app never waits on the rotation for more than a batch and
nothing written meanwhile is overwritten. Running it twice rewrites nothing the second time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model

from .pii import (
    EncryptedTextField,
    _index_under,
    decrypt,
    encrypt,
    index_keys,
    index_sources,
    under_current_key,
)


@dataclass
class Report:
    """What a pass found (and, unless a dry run, rewrote), by `table.column`."""

    rewritten: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)
    without_plaintext: dict[str, int] = field(default_factory=dict)

    def add(self, bucket: dict[str, int], name: str, n: int = 1) -> None:
        if n:
            bucket[name] = bucket.get(name, 0) + n

    @property
    def pending(self) -> int:
        return sum(self.rewritten.values())


def encrypted_columns() -> list[tuple[type[Model], list[str]]]:
    """Every concrete model with EncryptedTextField columns, and those columns."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [
            str(f.column) for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if columns:
            found.append((model, columns))
    return found


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def reencrypt(
    *, batch: int = 500, dry_run: bool = False, pause: float = 0.0, progress: Callable | None = None
) -> Report:
    """Rewrite every encrypted value the current key does not open."""
    report = Report()
    for model, columns in encrypted_columns():
        table, pk = model._meta.db_table, str(model._meta.pk.column)  # type: ignore[union-attr]
        select = (
            f"SELECT {_q(pk)}, {', '.join(_q(c) for c in columns)} FROM {_q(table)} "  # noqa: S608
            f"WHERE {_q(pk)} > %s ORDER BY {_q(pk)} LIMIT %s"
        )
        last = 0
        while True:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(select, [last, batch])
                    rows = cursor.fetchall()
                    for row in rows:
                        for column, value in zip(columns, row[1:], strict=True):
                            name = f"{table}.{column}"
                            if not value or under_current_key(value):
                                continue
                            try:
                                fresh = encrypt(decrypt(value))
                            except Exception:  # noqa: BLE001 - counted and reported, never guessed
                                report.add(report.unreadable, name)
                                continue
                            report.add(report.rewritten, name)
                            if not dry_run:
                                cursor.execute(
                                    f"UPDATE {_q(table)} SET {_q(column)} = %s "  # noqa: S608
                                    f"WHERE {_q(pk)} = %s AND {_q(column)} = %s",
                                    [fresh, row[0], value],
                                )
            if not rows:
                break
            last = rows[-1][0]
            if progress:
                progress(f"{table}: up to id {last}")
            if pause:
                time.sleep(pause)
    return report


def reindex(
    *, batch: int = 500, dry_run: bool = False, pause: float = 0.0, progress: Callable | None = None
) -> Report:
    """Recompute every registered blind index (core.pii.index_sources) under the current key."""
    report = Report()
    current = index_keys()[0]
    for source in index_sources():
        model = source.model
        name = f"{model._meta.db_table}.{source.field}"
        base = source.queryset() if source.queryset else model._default_manager.all()
        last = 0
        while True:
            with transaction.atomic():
                rows = list(base.filter(pk__gt=last).order_by("pk")[:batch])
                for row in rows:
                    stored = getattr(row, source.field)
                    if not stored:
                        continue
                    plaintext = source.plaintext(row)
                    if not plaintext:
                        report.add(report.without_plaintext, name)
                        continue
                    fresh = _index_under(current, plaintext, source.purpose)
                    if str(stored) == fresh:
                        continue
                    report.add(report.rewritten, name)
                    if not dry_run:
                        model._default_manager.filter(
                            pk=row.pk, **{f"{source.field}__in": [str(stored)]}
                        ).update(**{source.field: fresh})
            if not rows:
                break
            last = rows[-1].pk
            if progress:
                progress(f"{name}: up to id {last}")
            if pause:
                time.sleep(pause)
    return report
