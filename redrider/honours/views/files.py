"""Stored files, each behind the rule of what it belongs to: public ones for anyone, evidence
photos for the staff of the region and the nomination's jurors."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from redrider.core.errors import DomainError

from .. import selectors
from ..models import Asset, Brand, Exemplar, NominationPhoto, SiteEvidencePhoto

# What a stored file may be shown as in the browser; anything else (a logo uploaded through the
# admin as HTML, say) is only ever downloaded, never rendered on our origin.
INLINE_TYPES = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "image/svg+xml",
    "application/pdf",
    "video/mp4",
    "video/webm",
}


def _serve(field, *, public: bool, download: bool = False):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    if content_type not in INLINE_TYPES:
        content_type, download = "application/octet-stream", True
    response = FileResponse(handle, content_type=content_type, as_attachment=download)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if content_type == "image/svg+xml":
        # an SVG opened on its own runs nothing and loads nothing
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def exemplar_photo(request, pk: int):
    return _serve(get_object_or_404(Exemplar, pk=pk).photo, public=True)


def brand_logo(request, pk: int):
    return _serve(get_object_or_404(Brand, pk=pk).logo, public=True)


def story_photo(request, pk: int):
    try:
        story = selectors.story_get_public(id=pk)
    except DomainError:
        raise Http404 from None
    return _serve(story.photo, public=True)


def asset_file(request, pk: int):
    asset = get_object_or_404(Asset, pk=pk)
    return _serve(asset.file, public=True, download=request.GET.get("download") == "1")


def nomination_photo(request, pk: int):
    photo = get_object_or_404(NominationPhoto, pk=pk)
    if not selectors.nominations_for(request.user).filter(pk=photo.nomination_id).exists():
        raise Http404
    return _serve(photo.image, public=False)


def site_photo(request, pk: int):
    photo = get_object_or_404(SiteEvidencePhoto, pk=pk)
    visible = selectors.site_list(user=request.user).filter(pk=photo.assessment.site_id)
    if not visible.exists():
        raise Http404
    return _serve(photo.image, public=False)
