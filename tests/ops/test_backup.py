"""Backup and restore drill (issue 15 item 4): `redrider backup FILE` then `redrider restore
FILE` into an empty database (a new PostgreSQL database `ops_restore_*`, or a new SQLite file)
and an empty MEDIA_ROOT give back every table's row count, the ledger's sums and a checksum of
the ordered ledger rows, and the private files byte for byte. A restore into a database that is
not empty, with the wrong key, or of an altered file refuses and changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from redrider.points.services import item_create, points_redeem
from redrider.points.tests.factories import funded_rider

from .drills import ROOT, run_python

# transaction: the commands and subprocesses must see committed rows; the reference rows come
# back after the flush through the suite's `_reference_data` fixture.
pytestmark = pytest.mark.django_db(transaction=True)
# The two restore drills start several processes: behind the drill switch (DRILL_TESTS=1, .ci/run).
drill = pytest.mark.backup

BACKUP_KEY = "backup-drill-key-0123456789"


def database_url(cfg: dict) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{cfg['NAME']}"
    host, port = cfg.get("HOST") or "127.0.0.1", cfg.get("PORT") or 5432
    return f"postgres://{cfg.get('USER') or 'postgres'}@{host}:{port}/{cfg['NAME']}"


def env_for(url: str, media: Path) -> dict[str, str]:
    unset = ("TEST_POSTGRES_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=url,
        MEDIA_ROOT=str(media),
        BACKUP_KEY=BACKUP_KEY,
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "config.manage", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def empty_target(tmp_path):
    """The URL of an empty database of the suite's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    cfg = connection.settings_dict
    name = f"ops_restore_{os.getpid()}"
    admin = database_url({**cfg, "NAME": "postgres"})
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    yield database_url({**cfg, "NAME": name})
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=False)


def a_ledger_with_files(county_officer) -> bytes:
    riders = [funded_rider(500, name=f"备份骑手{i}") for i in range(3)]
    item = item_create(
        actor=county_officer, name="备份演练水", region_code="510104", cost=30, stock=20
    )
    for i, rider in enumerate(riders):
        points_redeem(actor=rider, item_id=item.pk, quantity=1 + i)
    photo = os.urandom(70_000)
    folder = Path(settings.MEDIA_ROOT) / "backup-drill"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "photo.jpg").write_bytes(photo)
    return photo


@drill
def test_a_restore_gives_back_the_same_database_ledger_and_files(
    county_officer, tmp_path, empty_target, settings
):
    # given a ledger with redemptions and a private file
    photo = a_ledger_with_files(county_officer)
    source = env_for(database_url(connection.settings_dict), Path(settings.MEDIA_ROOT))
    before = run_python(source, "tests.ops.fingerprint")
    assert before["ledger"]["entries"] >= 9 and before["ledger"]["entries_total"] == 0
    # when it is backed up (the key is not one of the database's) and restored elsewhere
    backup_file = tmp_path / "redrider.backup"
    settings.BACKUP_KEY = BACKUP_KEY
    call_command("backup", str(backup_file))
    assert backup_file.stat().st_mode & 0o777 == 0o600
    assert b"backup-drill" not in backup_file.read_bytes()  # names and rows are sealed too
    media = tmp_path / "restored-media"
    target = env_for(empty_target, media)
    result = manage(target, "restore", str(backup_file))
    assert result.returncode == 0, result.stderr
    # then every table's count, the ledger's sums and the ordered ledger's checksum are the same
    after = run_python(target, "tests.ops.fingerprint")
    assert after == before
    # and the private files came back byte for byte, readable by the server's user only
    restored = media / "backup-drill" / "photo.jpg"
    assert restored.read_bytes() == photo
    assert restored.stat().st_mode & 0o777 == 0o600
    # and the restored database passes the ledger check
    assert manage(target, "ledger_check").returncode == 0

    # when the same backup is restored again into the (now not empty) database
    shutil_media = tmp_path / "other-media"
    again = manage(env_for(empty_target, shutil_media), "restore", str(backup_file))
    # then it refuses with a clear message and changes nothing
    assert again.returncode != 0
    assert "not empty" in again.stderr
    assert run_python(target, "tests.ops.fingerprint") == before


@drill
def test_a_wrong_key_or_an_altered_file_is_refused(
    county_officer, tmp_path, empty_target, settings
):
    a_ledger_with_files(county_officer)
    backup_file = tmp_path / "redrider.backup"
    settings.BACKUP_KEY = BACKUP_KEY
    call_command("backup", str(backup_file))
    media = tmp_path / "m"
    # a wrong key
    wrong = manage(
        {**env_for(empty_target, media), "BACKUP_KEY": "another-key-0123456789"},
        "restore",
        str(backup_file),
    )
    assert wrong.returncode != 0 and "wrong BACKUP_KEY" in wrong.stderr
    # one byte changed in the middle
    data = bytearray(backup_file.read_bytes())
    data[len(data) // 2] ^= 0x01
    altered = tmp_path / "altered.backup"
    altered.write_bytes(bytes(data))
    refused = manage(env_for(empty_target, media), "restore", str(altered))
    assert refused.returncode != 0 and "altered" in refused.stderr
    # the end cut off
    cut = tmp_path / "cut.backup"
    cut.write_bytes(bytes(backup_file.read_bytes()[:-100]))
    assert manage(env_for(empty_target, media), "restore", str(cut)).returncode != 0


def test_a_backup_key_equal_to_a_database_key_is_refused(settings, tmp_path):
    settings.BACKUP_KEY = settings.FIELD_ENCRYPTION_KEY = "same-key-for-both-0123"
    with pytest.raises(Exception, match="BACKUP_KEY must differ"):
        call_command("backup", str(tmp_path / "x.backup"))
    assert not (tmp_path / "x.backup").exists()
