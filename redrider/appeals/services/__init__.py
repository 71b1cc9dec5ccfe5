"""Appeal and tip-off writes. Every function is atomic, raises DomainError and audits itself."""

from .appeals import (  # noqa: F401
    appeal_create,
    appeal_create_for_liaison,
    appeal_follow_up_answer,
    appeal_me_too,
    appeal_photo_add,
    appeal_transition,
    appeals_escalate_overdue,
    appeals_follow_up_send,
    notifications_mark_read,
)
from .liaison import (  # noqa: F401
    appeal_status_to_problem,
    problem_raise_appeal,
    problems_follow_appeals,
)
from .tipoffs import (  # noqa: F401
    tipoff_create,
    tipoff_informant_reveal,
    tipoff_photo_add,
    tipoff_start,
    tipoff_verify,
)
