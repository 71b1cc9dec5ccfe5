"""Station photos: every upload is decoded and re-encoded as JPEG, so EXIF (GPS included) never
survives (`core.photos.photo_clean`); anything that is not an image, or too large, is refused
before anything is written."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from redrider.accounts.models import User
from redrider.core.audit import audit_record
from redrider.core.errors import DomainError, InvalidInput, NotFound
from redrider.core.photos import photo_clean

from .models import Station, StationPhoto
from .services import is_editor, is_host_of


def reencode(content: bytes) -> tuple[bytes, int, int]:
    """JPEG bytes of the image with orientation applied and no metadata (`core.photos`), with
    the stations' own refusals: 422 `photo_too_large` (bytes or pixels), 422 `not_an_image`."""
    try:
        clean = photo_clean(content)
    except DomainError as exc:
        if exc.code == "photo_pixels":
            raise InvalidInput(
                "photo_too_large", "照片像素过多", "photo has too many pixels"
            ) from None
        if exc.code == "photo_too_large":
            limit = settings.MAX_PHOTO_BYTES // (1024 * 1024)
            raise InvalidInput(
                "photo_too_large",
                f"照片过大（最大 {limit} MB）",
                f"photo too large (max {limit} MB)",
            ) from None
        raise InvalidInput(
            "not_an_image", "上传的文件不是图片", "the upload is not an image"
        ) from None
    return clean.content.read(), clean.width, clean.height


@transaction.atomic
def photo_add(*, actor: User, station: Station, content: bytes) -> StationPhoto:
    """Attach a photo (editors of the region, or the station's host)."""
    if not (is_editor(actor) or is_host_of(actor, station)):
        raise NotFound("驿站", "station")
    data, width, height = reencode(content)
    photo = StationPhoto(station=station, width=width, height=height, uploaded_by=actor)
    photo.image.save(f"{station.code}.jpg", ContentFile(data), save=False)
    photo.save()
    audit_record(actor=actor, action="station.photo_add", obj=station, detail={"photo": photo.pk})
    return photo
