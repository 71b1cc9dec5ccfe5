"""Scoped downloads: evidence, minutes and issued documents, only for who may see the row."""

from __future__ import annotations

from redrider.core.errors import DomainError

from .. import selectors
from ..models import Evidence, Institution, Meeting
from .base import (
    file_response,
    not_found,
    task_visible,
    viewer_required,
)


@viewer_required
def evidence_file(request, evidence_id: int):
    found = Evidence.objects.filter(pk=evidence_id).select_related("task").first()
    if found is None or not task_visible(request, found.task_id):
        return not_found(request)
    return file_response(request, found.file, found.file_name)


@viewer_required
def minutes_file(request, meeting_id: int):
    try:
        meeting: Meeting = selectors.meeting_get(user=request.user, id=meeting_id)
    except DomainError:
        return not_found(request)
    return file_response(request, meeting.minutes, meeting.minutes_name)


@viewer_required
def institution_file(request, institution_id: int):
    try:
        item: Institution = selectors.institution_get(user=request.user, id=institution_id)
    except DomainError:
        return not_found(request)
    return file_response(request, item.document, item.document_name)
