"""Encrypted backups of the database and the private files (`redrider backup` / `restore`).

A backup is one file: `MAGIC`, a JSON header line (format, salt, chunk size) and then a tar
stream — `manifest.json`, the database (`database.pgdump`, pg_dump's custom format, or
`database.sqlite3`, an online copy through SQLite's backup API) and every file under
MEDIA_ROOT as `media/...` — sealed in 1 MiB chunks with AES-256-GCM.

The key is BACKUP_KEY, never one of the database's keys (SECRET_KEY, FIELD_ENCRYPTION_KEY,
BLIND_INDEX_KEY): whoever holds a backup file and the database's keys still cannot read it,
and a leaked backup key opens no database. The file key is HKDF-SHA256(BACKUP_KEY, salt) with a
fresh salt per backup. Each chunk's nonce is the chunk's number and its associated data the
header, the number and whether it is the last chunk, so a chunk cannot be reordered, dropped,
swapped between backups or cut off at the end without the restore failing.

Restoring goes into the empty database DATABASE_URL names (no table in it; a SQLite file that
does not exist or has none) and an empty MEDIA_ROOT; anything else is refused before a byte is
written.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection

MAGIC = b"REDRIDER-BACKUP\n"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (Chinese / English)."""


def backup_key() -> str:
    """BACKUP_KEY from the settings; refused when missing or equal to a database key."""
    key = getattr(settings, "BACKUP_KEY", "") or ""
    if len(key) < 16:
        raise BackupError(
            "未设置 BACKUP_KEY（至少 16 个字符） / BACKUP_KEY is not set (16+ characters)"
        )
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY"):
        if key == getattr(settings, name, None):
            raise BackupError(f"BACKUP_KEY 不能与 {name} 相同 / BACKUP_KEY must differ from {name}")
    return key


def _file_key(key: str, salt: bytes) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"redrider-backup-v1"
    ).derive(key.encode())
    return AESGCM(derived)


class SealingWriter(io.RawIOBase):
    """A write-only stream that encrypts what is written into `out`, chunk by chunk."""

    def __init__(self, out: BinaryIO, key: str) -> None:
        super().__init__()
        self.out = out
        salt = os.urandom(16)
        self.header = (
            json.dumps(
                {"format": FORMAT, "salt": base64.b64encode(salt).decode(), "chunk": CHUNK},
                sort_keys=True,
            ).encode()
            + b"\n"
        )
        out.write(MAGIC + self.header)
        self.aead = _file_key(key, salt)
        self.buffer = bytearray()
        self.counter = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._seal(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        nonce = struct.pack(">4xQ", self.counter)
        aad = self.header + struct.pack(">Q?", self.counter, last)
        sealed = self.aead.encrypt(nonce, plain, aad)
        self.out.write(struct.pack(">I?", len(sealed), last) + sealed)
        self.counter += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self.buffer), last=True)
            self.buffer.clear()
        super().close()


class OpeningReader(io.RawIOBase):
    """A read-only stream of the plaintext of a sealed backup; any tampering raises."""

    def __init__(self, source: BinaryIO, key: str) -> None:
        super().__init__()
        if source.read(len(MAGIC)) != MAGIC:
            raise BackupError("不是红骑手备份文件 / not a Red Rider backup file")
        self.header = source.readline()
        meta = json.loads(self.header)
        if meta.get("format") != FORMAT:
            raise BackupError(f"不支持的备份格式 {meta.get('format')} / unsupported format")
        self.aead = _file_key(key, base64.b64decode(meta["salt"]))
        self.source = source
        self.counter = 0
        self.pending = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        head = self.source.read(5)
        if len(head) < 5:
            raise BackupError("备份文件不完整 / the backup file is truncated")
        size, last = struct.unpack(">I?", head)
        sealed = self.source.read(size)
        nonce = struct.pack(">4xQ", self.counter)
        aad = self.header + struct.pack(">Q?", self.counter, last)
        try:
            self.pending = self.aead.decrypt(nonce, sealed, aad)
        except InvalidTag:
            raise BackupError(
                "密钥错误或备份文件已被篡改 / wrong BACKUP_KEY or the file was altered"
            ) from None
        self.counter += 1
        self.done = last

    def readinto(self, target) -> int:  # type: ignore[override]
        while not self.pending and not self.done:
            self._next_chunk()
        n = min(len(target), len(self.pending))
        target[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


# --- Databases -------------------------------------------------------------------------------


def _tool(name: str) -> str:
    """The absolute path of a PostgreSQL client tool: PG_BIN_DIR (settings) or the PATH. The
    client must be at least the server's major version (pg_dump refuses an older client)."""
    folder = getattr(settings, "PG_BIN_DIR", "") or None
    found = shutil.which(name, path=folder) if folder else shutil.which(name)
    if not found:
        raise BackupError(f"找不到 {name}（设置 PG_BIN_DIR） / {name} not found (set PG_BIN_DIR)")
    return found


def _vendor() -> str:
    return connection.vendor


def _pg_env() -> dict[str, str]:
    cfg = connection.settings_dict
    env = dict(os.environ)
    env.update(
        PGHOST=str(cfg.get("HOST") or "127.0.0.1"),
        PGPORT=str(cfg.get("PORT") or 5432),
        PGUSER=str(cfg.get("USER") or "postgres"),
        PGDATABASE=str(cfg["NAME"]),
    )
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = str(cfg["PASSWORD"])
    return env


def database_is_empty() -> bool:
    """No table at all in the database DATABASE_URL names (a SQLite file: missing or empty)."""
    if _vendor() == "sqlite":
        path = Path(str(connection.settings_dict["NAME"]))
        if not path.exists() or path.stat().st_size == 0:
            return True
    return not connection.introspection.table_names()


def _dump_database(into: Path) -> str:
    """Write a consistent copy of the database to `into`; returns the member name."""
    if _vendor() == "postgresql":
        subprocess.run(  # noqa: S603 - fixed arguments, no user input
            [_tool("pg_dump"), "-Fc", "--no-owner", "--no-acl", "-f", str(into)],
            env=_pg_env(),
            check=True,
            capture_output=True,
        )
        return "database.pgdump"
    if _vendor() == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(str(into))
        with target:
            connection.connection.backup(target)
        target.close()
        return "database.sqlite3"
    raise BackupError(f"不支持的数据库 {_vendor()} / unsupported database")


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path


def backup(path: Path, *, note: str = "") -> dict:
    """Write an encrypted backup of the database and MEDIA_ROOT to `path`; its manifest."""
    key = backup_key()
    media = Path(settings.MEDIA_ROOT)
    work = Path(tempfile.mkdtemp(prefix="redrider-backup-"))
    try:
        dump = work / "database"
        member = _dump_database(dump)
        files = list(_media_files(media))
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "vendor": _vendor(),
            "database": member,
            "database_bytes": dump.stat().st_size,
            "media_files": len(files),
            "media_bytes": sum(f.stat().st_size for f in files),
            "note": note,
        }
        partial = path.with_name(path.name + ".partial")
        with open(partial, "wb") as out:
            os.chmod(partial, 0o600)
            sealed = SealingWriter(out, key)
            with tarfile.open(fileobj=sealed, mode="w|") as tar:
                raw = json.dumps(manifest, indent=1).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(raw)
                tar.addfile(info, io.BytesIO(raw))
                tar.add(dump, arcname=member)
                for f in files:
                    tar.add(f, arcname="media/" + f.relative_to(media).as_posix())
            sealed.close()
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)  # a backup file exists only once complete
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _media_is_empty(root: Path) -> bool:
    return not any(_media_files(root))


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return not (Path(name).is_absolute() or ".." in parts)


def restore(path: Path) -> dict:
    """Restore a backup into the empty database DATABASE_URL names and an empty MEDIA_ROOT.

    Refuses (BackupError, nothing written) when the database has any table, MEDIA_ROOT holds a
    file, the key is wrong, the file was altered, or the backup is of another kind of database.
    """
    key = backup_key()
    media = Path(settings.MEDIA_ROOT)
    if not database_is_empty():
        raise BackupError(
            "目标数据库不是空的：恢复只写入空数据库 / the target database is not empty: a restore "
            "goes only into an empty database"
        )
    if not _media_is_empty(media):
        raise BackupError(f"MEDIA_ROOT 中已有文件：{media} / MEDIA_ROOT is not empty: {media}")
    work = Path(tempfile.mkdtemp(prefix="redrider-restore-"))
    staged_media = work / "media"
    manifest: dict = {}
    try:
        with open(path, "rb") as source:
            opened = io.BufferedReader(OpeningReader(source, key), buffer_size=CHUNK)
            with tarfile.open(fileobj=opened, mode="r|") as tar:
                for member in tar:
                    if not member.isfile() or not _safe_member(member.name):
                        continue
                    data = tar.extractfile(member)
                    assert data is not None
                    if member.name == "manifest.json":
                        manifest = json.loads(data.read())
                        if manifest.get("vendor") != _vendor():
                            raise BackupError(
                                f"备份来自 {manifest.get('vendor')}，目标是 {_vendor()} / the "
                                f"backup is of {manifest.get('vendor')}, the target is {_vendor()}"
                            )
                        continue
                    target = work / member.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with open(target, "wb") as out:
                        shutil.copyfileobj(data, out, CHUNK)
            # Reading to the end checks the last chunk's seal (nothing cut off).
            while opened.read(CHUNK):
                pass
        if not manifest:
            raise BackupError("备份中没有清单 / the backup has no manifest")
        _load_database(work / manifest["database"], manifest["database"])
        if staged_media.exists():
            media.mkdir(parents=True, exist_ok=True)
            for f in _media_files(staged_media):
                dest = media / f.relative_to(staged_media)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(f), dest)
                os.chmod(dest, 0o600)
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _load_database(dump: Path, member: str) -> None:
    if member == "database.pgdump":
        result = subprocess.run(  # noqa: S603 - fixed arguments, no user input
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                "--exit-on-error",
                "-d",
                _pg_env()["PGDATABASE"],
                str(dump),
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore 失败 / pg_restore failed: {result.stderr[-2000:]}")
        return
    if member == "database.sqlite3":
        target_path = str(connection.settings_dict["NAME"])
        connection.close()
        with contextlib.closing(sqlite3.connect(str(dump))) as src:
            check = src.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(
                    f"备份中的数据库已损坏 / the database in the backup is damaged: {check}"
                )
            with contextlib.closing(sqlite3.connect(target_path)) as dst:
                src.backup(dst)
        os.chmod(target_path, 0o600)
        return
    raise BackupError(f"未知的数据库成员 {member} / unknown database member")
