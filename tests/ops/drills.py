"""Harness for the operations drills (tests marked `faults` / `multiprocess`, bench/load_*):
a private PostgreSQL cluster that may be stopped, real gunicorn servers with production settings,
and a small HTTP client that never raises on a refused connection.

Nothing here touches the shared PostgreSQL cluster beyond reading the test database's dump
(`clone_database`) and creating/dropping `ops_*` databases.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
# Ports this project's drills may use for app servers (the team's agreed range for `ops`).
APP_PORTS = range(8200, 8210)
PG_PORTS = range(55432, 55532)


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(candidates: range, taken: set[int] | None = None) -> int:
    for port in candidates:
        if port not in (taken or set()) and port_free(port):
            return port
    raise RuntimeError(f"no free port in {candidates}")


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


class PrivatePostgres:
    """A throw-away PostgreSQL cluster in a temporary directory, ours to stop and start."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="ops-pg-"))
        self.data = self.dir / "data"
        self.port = free_port(PG_PORTS)
        self.log = self.dir / "server.log"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=on"
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-l",
                    str(self.log),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
            check=False,
            capture_output=True,
        )

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def createdb(self, dbname: str) -> str:
        subprocess.run(
            ["psql", self.url("postgres"), "-qc", f'CREATE DATABASE "{dbname}"'],
            check=True,
            capture_output=True,
        )
        return self.url(dbname)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


def clone_database(source: dict, target_url: str) -> None:
    """Copy the pytest test database (schema and reference rows; `source` is Django's
    settings_dict) into an empty PostgreSQL database: seconds, where `migrate` takes a minute."""
    src = (
        f"postgres://{source.get('USER') or 'postgres'}@{source.get('HOST') or '127.0.0.1'}:"
        f"{source.get('PORT') or 5432}/{source['NAME']}"
    )
    env = dict(os.environ)
    if source.get("PASSWORD"):
        env["PGPASSWORD"] = source["PASSWORD"]
    dump = subprocess.run(
        ["pg_dump", "-Fc", "--no-owner", "--no-acl", src],
        check=True,
        capture_output=True,
        env=env,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-acl", "-d", target_url],
        input=dump.stdout,
        check=True,
        capture_output=True,
    )


def production_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a server started with the production settings on 127.0.0.1 (through
    `config.settings.drill`: production's, with plain static files; pass
    DJANGO_SETTINGS_MODULE="config.settings.prod" after a `collectstatic` for the real thing)."""
    unset = ("TEST_POSTGRES_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "BROWSER_TESTS")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.drill",
        DATABASE_URL=database_url,
        SECRET_KEY="drill-secret-key-" + "x" * 40,
        FIELD_ENCRYPTION_KEY="drill-field-key",
        BLIND_INDEX_KEY="drill-blind-key",
        SMS_GATEWAY="tests.ops.drills.DrillGateway",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REDRIDER_VAR_DIR=str(var_dir),
        REDIS_URL=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5"),
        CACHE_KEY_PREFIX=f"ops-drill-{os.getpid()}",
        MEDIA_ROOT=str(var_dir / "media"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


class DrillGateway:
    """The drills' message gateway: a carrier is not called from a test; messages are dropped."""

    def send(self, message) -> None:
        return None


def run_python(env: dict[str, str], module: str, *args: str, timeout: int = 180) -> dict:
    """Run `python -m module args` with `env`; its last stdout line is JSON, returned."""
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "config.manage", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass
class AppServer:
    """gunicorn serving config.wsgi with `env` on 127.0.0.1:`port` (sync workers)."""

    env: dict[str, str]
    port: int
    workers: int = 2
    threads: int = 1
    process: subprocess.Popen | None = None
    log: Path | None = None
    extra_args: list[str] = field(default_factory=list)

    def start(self, timeout: float = 60) -> AppServer:
        self.log = Path(tempfile.mkstemp(prefix=f"ops-gunicorn-{self.port}-", suffix=".log")[1])
        cmd = [
            str(VENV_BIN / "gunicorn"),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "-w",
            str(self.workers),
            "--threads",
            str(self.threads),
            "-b",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "info",
            *self.extra_args,
            "config.wsgi",
        ]
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            status, _ = request("GET", self.port, "/api/v1/health", timeout=2)
            if status:
                return self
            time.sleep(0.3)
        raise RuntimeError(
            f"gunicorn did not answer on {self.port}:\n{self.log.read_text()[-3000:]}"
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.log is not None and self.log.exists():
            self.final_output = self.log.read_text()
            self.log.unlink()

    final_output: str = ""

    def output(self) -> str:
        return self.log.read_text() if self.log and self.log.exists() else self.final_output


def request(
    method: str,
    port: int,
    path: str,
    *,
    body: dict | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict | str]:
    """One HTTP request to 127.0.0.1:`port`; (0, reason) when no answer came at all."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        sent = dict(headers or {})
        if payload is not None:
            sent.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=payload, headers=sent)
        response = conn.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw) if raw else {}
        except ValueError:
            return response.status, raw.decode(errors="replace")
    except (OSError, http.client.HTTPException) as exc:
        return 0, f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()


def host_of(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 5432
