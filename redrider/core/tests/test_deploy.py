"""Production settings: refuse to start without secrets; `check --deploy` is clean with them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_check(extra_env: dict) -> subprocess.CompletedProcess:
    # The browser fixture relaxes Django's async check for Playwright; production never does.
    unset = ("DATABASE_URL", "TEST_POSTGRES_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.prod", **extra_env)
    return subprocess.run(
        [sys.executable, "-m", "config.manage", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PROD_ENV = {
    "SECRET_KEY": "k" * 20 + "-Prod-Secret-Key-For-The-Check-0123456789abcdefXYZ",
    "FIELD_ENCRYPTION_KEY": "field-key-for-check",
    "BLIND_INDEX_KEY": "blind-key-for-check",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    "ALLOWED_HOSTS": "redrider.example.gov.cn",
    "SMS_GATEWAY": "carrier.sms.Gateway",  # a carrier's gateway; never imported by the check
    "REDIS_URL": "redis://127.0.0.1:6379/5",
}


def test_check_deploy_prints_no_warnings_with_the_required_environment():
    result = run_check(PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_the_encryption_key():
    env = dict(PROD_ENV)
    del env["FIELD_ENCRYPTION_KEY"]
    result = run_check({**env, "FIELD_ENCRYPTION_KEY": ""})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be set" in result.stderr
