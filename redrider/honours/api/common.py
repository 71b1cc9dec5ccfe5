"""Shared bits of the honours endpoints: errors in the schema, upload reading, pages."""

from __future__ import annotations

from django.conf import settings
from ninja.files import UploadedFile

from redrider.core.api import page
from redrider.core.photos import photo_size_check

from ..schemas import ErrorOut
from ..uploads import MAX_BYTES

ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}


def photo_bytes(file: UploadedFile) -> bytes:
    photo_size_check(file.size or 0)
    return file.read(settings.MAX_PHOTO_BYTES + 1)


def upload_bytes(file: UploadedFile) -> bytes:
    # The largest any kind accepts; the service applies the kind's own limit.
    return file.read(max(MAX_BYTES.values()) + 1)


def paged(qs, *, limit: int, offset: int) -> dict:
    """`{"items": [...], "count": N}`; items are model instances the Out schema reads."""
    return page(qs, limit=limit, offset=offset, serialise=lambda obj: obj)
