"""Uploaded documents (minutes, issued institutions, evidence): checked before anything is kept.

Office documents and PDFs are kept as sent once their first bytes match what their name claims;
photos are re-encoded (the stations app's `reencode`), so EXIF and GPS never survive. Anything
else, or anything too large, is refused with 422 before a byte reaches storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile

from redrider.core.errors import InvalidInput
from redrider.stations.photos import reencode

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.wps
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".ofd": (ZIP,),  # China's fixed-layout format (GB/T 33190) is a zip container
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".wps": (OLE,),
}
IMAGES = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass(frozen=True)
class Upload:
    """A file as received: the name the person gave it and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class CheckedFile:
    """A file ready to store: the stored name's suffix, the display name, the bytes."""

    display_name: str
    content: ContentFile


def check(upload: Upload) -> CheckedFile:
    """Refuse what is empty, too large, of an unlisted type or not what its name claims."""
    limit = getattr(settings, "MAX_DOCUMENT_BYTES", 20 * 1024 * 1024)
    name = PurePath(upload.name or "").name[:200]
    suffix = PurePath(name).suffix.lower()
    if not upload.content:
        raise InvalidInput("empty_file", "文件为空", "the file is empty")
    if len(upload.content) > limit:
        mb = limit // (1024 * 1024)
        raise InvalidInput(
            "file_too_large", f"文件过大（最大 {mb} MB）", f"file too large (max {mb} MB)"
        )
    if suffix in IMAGES:
        data, _w, _h = reencode(upload.content)
        display = str(PurePath(name).with_suffix(".jpg"))
        return CheckedFile(display, ContentFile(data, name="upload.jpg"))
    signatures = SIGNATURES.get(suffix)
    if signatures is None:
        allowed = "、".join(sorted(s.lstrip(".") for s in [*SIGNATURES, *IMAGES]))
        raise InvalidInput(
            "file_type",
            f"不支持的文件类型（可上传 {allowed}）",
            f"unsupported file type (allowed: {allowed.replace('、', ', ')})",
        )
    if not any(upload.content.startswith(sig) for sig in signatures):
        raise InvalidInput(
            "file_type", "文件内容与扩展名不符", "the file's content does not match its extension"
        )
    return CheckedFile(name, ContentFile(upload.content, name=f"upload{suffix}"))
