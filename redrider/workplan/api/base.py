"""What every work-plan endpoint shares: the router, the viewer check, small parsers."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.files import UploadedFile

from redrider.accounts.api_auth import AUTH
from redrider.accounts.policy import require
from redrider.core.api import ObjectId

from .. import selectors, services
from ..files import Upload

router = Router(tags=["workplan"], auth=AUTH)


def viewer(request: HttpRequest):
    """The signed-in user, once the policy says they may see the work plan at all (403)."""
    require(request.auth, "workplan.view", hide=False)
    return request.auth


def task_spec(part) -> services.TaskSpec:
    """A split part or a decision's task, as the services take it."""
    return services.TaskSpec(
        region_code=part.region,
        title=part.title,
        owner_org=part.owner_org,
        due_date=part.due_date,
        owner_id=part.owner_id,
        weight=part.weight,
        description=part.description,
    )


def task_answer(request: HttpRequest, task_id: ObjectId):
    """The task as the caller now sees it (with its overdue and due-soon flags)."""
    return selectors.task_get(user=request.auth, id=task_id)


def upload_of(file: UploadedFile) -> Upload:
    """An uploaded file as the services check it (name and bytes)."""
    return Upload(name=file.name or "", content=file.read())
