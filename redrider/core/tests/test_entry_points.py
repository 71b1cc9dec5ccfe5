"""Production is the default of every entry point; development must be asked for (DESIGN §4.8).

`gunicorn config.wsgi` with no settings variable either runs the production settings or refuses
to start without their keys; it never runs with DEBUG. MEDIA_ROOT is never a public directory.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import Resolver404, clear_url_caches, resolve

from redrider.core.tests.test_deploy import PROD_ENV

ROOT = Path(__file__).resolve().parents[3]
PROBE = (
    "from django.conf import settings; "
    "print('SETTINGS', settings.SETTINGS_MODULE, 'DEBUG', settings.DEBUG)"
)
ENTRY_POINTS = {
    "wsgi": ["-c", "import config.wsgi; " + PROBE],
    "asgi": ["-c", "import config.asgi; " + PROBE],
    "manage": ["-m", "config.manage", "shell", "-c", PROBE],
}


def run_without_settings_variable(args: list[str], extra_env: dict) -> subprocess.CompletedProcess:
    """Start an entry point as a server or an operator would: no DJANGO_SETTINGS_MODULE set."""
    unset = (
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "TEST_POSTGRES_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "SECRET_KEY",
        "FIELD_ENCRYPTION_KEY",
        "BLIND_INDEX_KEY",
    )
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_an_entry_point_without_a_settings_variable_refuses_to_start_without_the_keys(entry):
    # when the entry point starts with no settings variable and no production keys
    result = run_without_settings_variable(ENTRY_POINTS[entry], {})
    # then it refuses, naming the missing key, and never runs the development settings
    assert result.returncode != 0
    assert "must be set in production" in result.stderr
    assert "DEBUG True" not in result.stdout


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_an_entry_point_without_a_settings_variable_runs_production_settings(entry):
    # when the entry point starts with the production keys but no settings variable
    result = run_without_settings_variable(ENTRY_POINTS[entry], PROD_ENV)
    # then it runs the production settings, DEBUG off
    assert result.returncode == 0, result.stderr
    assert "SETTINGS config.settings.prod DEBUG False" in result.stdout


def test_development_is_chosen_explicitly_by_every_make_target_that_runs_django():
    # given the Makefile people run
    lines = (ROOT / "Makefile").read_text().splitlines()
    # then every line that starts the redrider command or pytest names its settings
    commands = [line for line in lines if "$(BIN)/redrider " in line or "$(BIN)/pytest " in line]
    assert commands
    unnamed = [line for line in commands if "$(DEV)" not in line and "$(TESTING)" not in line]
    assert unnamed == []


def test_media_root_is_not_routed_even_with_debug_on(settings):
    # given the URLs as the development settings build them
    settings.DEBUG = True
    try:
        importlib.reload(importlib.import_module("config.urls"))
        clear_url_caches()
        # when a stored file is asked for by its storage path
        with pytest.raises(Resolver404):
            resolve("/media/exports/abc/riders-full.xlsx", urlconf="config.urls")
    finally:
        settings.DEBUG = False
        importlib.reload(importlib.import_module("config.urls"))
        clear_url_caches()


def test_stored_files_are_written_owner_only(settings, tmp_path):
    # given the storage the platform writes exports, lists and photos through
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    # when a file is saved in a new directory
    name = default_storage.save("exports/probe/file.xlsx", ContentFile(b"x"))
    # then only the owner may read it, or list its directory
    path = Path(default_storage.path(name))
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
