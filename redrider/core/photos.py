"""Photo intake, written once for every app: type and size checks, then a clean re-encode that
drops EXIF, GPS and comments (`photo_clean`), and adding the result to an object's photos
(`photo_attach`: appeals, tip-offs, honours evidence). Stations keep their own error codes
through `stations.photos.reencode`, which calls `photo_clean`."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import Conflict, DomainError, InvalidInput

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "MPO"}
MAX_PIXELS = 50_000_000  # decompression-bomb guard: ~7000 × 7000
MAX_SIDE = 2048  # riders' phones take 12 MP shots; staff need a readable picture, not the raw file


@dataclass
class CleanPhoto:
    content: ContentFile
    width: int
    height: int
    size: int


def photo_size_check(size: int) -> None:
    """413 for a photo over `settings.MAX_PHOTO_BYTES` (checked before reading an upload)."""
    limit = settings.MAX_PHOTO_BYTES
    if size > limit:
        raise DomainError(
            "photo_too_large",
            f"照片不能超过 {limit // (1024 * 1024)} MB",
            f"photos may be at most {limit // (1024 * 1024)} MB",
            status=413,
        )


def photo_clean(data: bytes) -> CleanPhoto:
    """Check and re-encode an uploaded photo.

    Refuses (nothing stored): empty or over `settings.MAX_PHOTO_BYTES` → 413; not an image of an
    allowed type, or too many pixels → 422. After: a JPEG (orientation applied, at most
    MAX_SIDE px per side) carrying no metadata at all, named by a random UUID.
    """
    photo_size_check(len(data))
    if not data:
        raise InvalidInput("photo_empty", "照片为空", "the photo is empty")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            probe.verify()
        if fmt not in ALLOWED_FORMATS:
            raise InvalidInput(
                "photo_type",
                "只接受 JPEG、PNG、WebP 等图片",
                "only JPEG, PNG, WebP and similar images are accepted",
            )
        if width * height > MAX_PIXELS:
            raise InvalidInput("photo_pixels", "图片尺寸过大", "the image has too many pixels")
        with Image.open(io.BytesIO(data)) as opened:
            img = ImageOps.exif_transpose(opened).convert("RGB")
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            # No exif=, no icc_profile=, no comment: the new file carries pixels only.
            img.save(out, format="JPEG", quality=85, optimize=True)
            size = img.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidInput(
            "photo_type", "文件不是有效的图片", "the file is not a valid image"
        ) from None
    raw = out.getvalue()
    return CleanPhoto(ContentFile(raw, name=f"{uuid.uuid4().hex}.jpg"), size[0], size[1], len(raw))


def photo_attach(photos, *, data: bytes, limit: int, full: tuple[str, str], **fields):
    """Add the photo `data` to `photos` (a related manager, e.g. `appeal.photos`), re-encoded.

    Refusals store nothing: `limit` photos already → 409 `too_many_photos` with the `full`
    (zh, en) message; then `photo_clean`'s 413/422. `fields` are the photo's other fields
    (uploaded_by, caption). Answers the new photo row.
    """
    if photos.count() >= limit:
        raise Conflict("too_many_photos", *full)
    clean = photo_clean(data)
    return photos.create(
        image=clean.content, width=clean.width, height=clean.height, size=clean.size, **fields
    )
