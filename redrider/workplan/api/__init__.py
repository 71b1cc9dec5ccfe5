"""Work-plan API (/api/v1/workplan/): measures, tasks and their progress, the board, meetings,
institutions, and each owner's digest.

Thin: check the viewer may see the work plan, call one selector or service, return it in its
declared schema. Refusals are DomainErrors mapped once to `{"detail", "code"}`.
"""

from . import board, institutions, meetings, plans, tasks  # noqa: F401  (their routes join `router`)
from .base import router

__all__ = ["router"]
