"""The transition-table helper: legal steps move, everything else is refused and changes nothing."""

from dataclasses import dataclass

import pytest

from redrider.core.errors import Conflict
from redrider.core.workflow import Step, Workflow

DOOR = Workflow(
    Step("open", {"closed"}, "opened", by="anyone"),
    Step("close", {"opened"}, "closed", by="anyone"),
    Step("lock", {"closed"}, "locked", by="keeper", note_required=True),
    Step("unlock", ["locked"], "closed", by="keeper"),
)
STATUSES = ["opened", "closed", "locked"]


@dataclass
class Door:
    status: str


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", [*DOOR.steps, "kick"])
def test_a_step_moves_only_from_its_sources_and_a_refusal_changes_nothing(status, action):
    # given a door in `status`
    door = Door(status)
    legal = action in DOOR.steps and status in DOOR.steps[action].sources
    if legal:
        # when the legal step is taken / then it lands on its target
        assert DOOR.move(door, action).target == door.status == DOOR.steps[action].target
    else:
        # when an illegal (or unknown) step is tried / then 409 and the door is as it was
        with pytest.raises(Conflict) as refused:
            DOOR.move(door, action)
        assert refused.value.code == "illegal_transition" and door.status == status


def test_the_refusal_is_the_callers_own():
    with pytest.raises(Conflict) as refused:
        DOOR.move(
            Door("opened"), "lock", refuse=lambda s: Conflict("door_open", "门开着", f"door {s}")
        )
    assert refused.value.code == "door_open" and "opened" in refused.value.detail


def test_actions_from_lists_the_legal_steps_in_table_order_and_by_who():
    assert DOOR.actions_from("closed") == ["open", "lock"]
    assert DOOR.actions_from("closed", by="keeper") == ["lock"]
    assert DOOR.is_legal("locked", "unlock") and not DOOR.is_legal("locked", "open")


def test_a_step_written_twice_is_a_mistake():
    with pytest.raises(ValueError):
        Workflow(Step("open", {"closed"}, "opened"), Step("open", {"locked"}, "opened"))
