"""A raw read of the database holds no plaintext ID or phone number of any seeded rider."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from redrider.riders.models import Rider
from redrider.riders.tests.seed_helpers import seed_census

# transaction: other threads or processes read what the test commits. The reference rows a flush
# removes come back through the suite's `_reference_data` fixture (a serialized rollback would
# load content types a flush has already recreated).
pytestmark = pytest.mark.django_db(transaction=True)


def raw_database_bytes() -> bytes:
    """Every byte the database holds: the SQLite file (after a WAL checkpoint, plus any WAL
    left), or a full `pg_dump` of the PostgreSQL test database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # Read by another process: closing a descriptor of the file in this process would drop
        # every POSIX lock SQLite holds on it, and the next process to close its connection would
        # then delete the WAL under this process's open connection (a disk I/O error later).
        path = Path(settings["NAME"])
        wal = Path(f"{path}-wal")
        files = [str(path), str(wal)] if wal.exists() else [str(path)]
        read = subprocess.run(["/bin/cat", *files], check=True, capture_output=True)  # noqa: S603
        return read.stdout
    env = dict(os.environ, PGPASSWORD=settings.get("PASSWORD") or "")
    cmd = [
        "/usr/bin/pg_dump",
        "--data-only",
        "-h",
        settings.get("HOST") or "127.0.0.1",
        "-p",
        str(settings.get("PORT") or 5432),
        "-U",
        settings.get("USER") or "postgres",
        settings["NAME"],
    ]
    return subprocess.run(cmd, env=env, check=True, capture_output=True).stdout  # noqa: S603 - fixed binary


def test_the_raw_database_contains_no_plaintext_id_or_phone_of_any_seeded_rider():
    # given the demo census, committed to the database
    seed_census("small")
    people = [(r.id_number, r.phone) for r in Rider.objects.all()]
    assert len(people) > 200
    # when the database is read raw
    raw = raw_database_bytes()
    assert b"riders_rider" in raw or len(raw) > 100_000  # really the database
    # then no ID number or phone appears, in ASCII or UTF-16
    leaks = [
        v for pair in people for v in pair if v.encode() in raw or v.encode("utf-16-le") in raw
    ]
    assert leaks == []
    # and the ciphertext is there instead (the check would fail if nothing had been written)
    assert b"v1:" in raw
