"""Station photos: every upload is decoded and re-encoded as JPEG, so EXIF (GPS included) never
survives; anything that is not an image, or too large, is refused before anything is written."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from redrider.core.audit import audit_record
from redrider.core.errors import InvalidInput, NotFound

from .models import Station, StationPhoto
from .services import is_editor, is_host_of

MAX_SIDE = 2048
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding


def reencode(content: bytes) -> tuple[bytes, int, int]:
    """JPEG bytes of the image with orientation applied and no metadata; raises InvalidInput."""
    limit = getattr(settings, "MAX_PHOTO_BYTES", 8 * 1024 * 1024)
    if len(content) > limit:
        raise InvalidInput(
            "photo_too_large",
            f"照片过大（最大 {limit // (1024 * 1024)} MB）",
            f"photo too large (max {limit // (1024 * 1024)} MB)",
        )
    try:
        with Image.open(io.BytesIO(content)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidInput("photo_too_large", "照片像素过多", "photo has too many pixels")
            probe.verify()
        opened = Image.open(io.BytesIO(content))
        image = ImageOps.exif_transpose(opened).convert("RGB")
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise InvalidInput(
            "not_an_image", "上传的文件不是图片", "the upload is not an image"
        ) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # a fresh image carries pixels only, no info/exif
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), clean.width, clean.height


@transaction.atomic
def photo_add(*, actor, station: Station, content: bytes) -> StationPhoto:
    """Attach a photo (editors of the region, or the station's host)."""
    if not (is_editor(actor) or is_host_of(actor, station)):
        raise NotFound("驿站", "station")
    data, width, height = reencode(content)
    photo = StationPhoto(station=station, width=width, height=height, uploaded_by=actor)
    photo.image.save(f"{station.code}.jpg", ContentFile(data), save=False)
    photo.save()
    audit_record(actor=actor, action="station.photo_add", obj=station, detail={"photo": photo.pk})
    return photo
