"""The scheduled jobs are one file, `deploy/schedule`; every job in it exists and every periodic
job of the project is in it (issue 15 item 6)."""

from __future__ import annotations

import shlex
from pathlib import Path

from django.core.management import get_commands
from django.utils.module_loading import import_string

from .drills import ROOT

SCHEDULE = ROOT / "deploy" / "schedule"
# The project's commands meant to run on their own, periodically (the others are run by hand).
PERIODIC = {
    "audit_seal",
    "audit_verify",
    "backup",
    "escalate_appeals",
    "ledger_check",
    "points_daily",
    "purge_locations",
    "riders_cleanup",
    "clearsessions",
    "prune_db_task_results",
    "db_analyze",
}
PERIODIC_TASKS = {
    "redrider.workplan.tasks.workplan_indicators_daily",
    "redrider.workplan.tasks.workplan_digest_weekly",
}


def jobs() -> list[tuple[list[str], list[str]]]:
    """(the five time fields, the redrider arguments) of each line."""
    found = []
    for line in SCHEDULE.read_text().splitlines():
        if not line.strip() or line.startswith("#") or "=" in line.split()[0]:
            continue
        parts = shlex.split(line)
        times, user, runner, args = parts[:5], parts[5], parts[6], parts[7:]
        assert user == "redrider" and runner.endswith("deploy/run-job"), line
        found.append((times, args))
    return found


def test_every_job_names_a_real_command_or_task():
    commands = get_commands()
    for times, args in jobs():
        assert len(times) == 5 and all(t for t in times)
        assert args[0] in commands, args
        if args[0] == "enqueue_task":
            assert hasattr(import_string(args[1]), "enqueue"), args


def test_every_periodic_job_of_the_project_is_scheduled():
    scheduled = {args[0] for _, args in jobs()}
    tasks = {args[1] for _, args in jobs() if args[0] == "enqueue_task"}
    assert PERIODIC <= scheduled, PERIODIC - scheduled
    assert PERIODIC_TASKS <= tasks, PERIODIC_TASKS - tasks


def test_the_job_runner_is_executable_and_the_units_run_the_app():
    runner = Path(ROOT / "deploy" / "run-job")
    assert runner.stat().st_mode & 0o111
    web = (ROOT / "deploy" / "redrider-web.service").read_text()
    assert "gunicorn -c deploy/gunicorn.conf.py config.wsgi" in web
    assert "db_worker" in (ROOT / "deploy" / "redrider-worker.service").read_text()
