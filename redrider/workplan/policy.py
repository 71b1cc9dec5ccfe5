"""Who may do what on the work plan (loaded by the accounts app with every app's policy)."""

from __future__ import annotations

import rules

from redrider.accounts.policy import is_handler, is_officer, object_in_scope, rule


@rules.predicate
def is_task_owner(user, task) -> bool:
    """The user is the task's named owner (责任人), whatever their role."""
    if task is None:
        return False
    return getattr(task, "owner_id", None) is not None and task.owner_id == user.pk


rule(
    "workplan.view",
    is_handler,
    "see the work-plan board, tasks, meetings and institutions of their region",
)
rule(
    "workplan.plan",
    is_officer & object_in_scope,
    "create plans, measures and tasks in their region, split a task among the regions below",
)
rule(
    "workplan.report",
    (is_officer | is_task_owner) & object_in_scope,
    "report progress and add evidence on a task in their region (or a task they own)",
)
rule(
    "workplan.meeting",
    is_officer & object_in_scope,
    "record a work meeting of their region, its minutes and decisions (which may create tasks)",
)
rule(
    "workplan.institution",
    is_officer & object_in_scope,
    "plan, draft and issue institutions (制度) of their region",
)
rule("workplan.export", is_handler, "download the board as an Excel ledger (台账)")
