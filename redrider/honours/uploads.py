"""What an uploaded publicity file really is: sniffed from its first bytes, compared with what
the uploader declared. A file that is not its declared type is refused (422), never stored."""

from __future__ import annotations

from redrider.core.errors import DomainError, InvalidInput

from .choices import PDF_KINDS, AssetKind

PDF = "application/pdf"
MP4 = "video/mp4"
WEBM = "video/webm"
ALLOWED: dict[str, dict[str, str]] = {
    AssetKind.VIDEO: {MP4: ".mp4", WEBM: ".webm"},
    **{kind: {PDF: ".pdf"} for kind in PDF_KINDS},
}
MAX_BYTES: dict[str, int] = {
    AssetKind.VIDEO: 200 * 1024 * 1024,
    **{kind: 30 * 1024 * 1024 for kind in PDF_KINDS},
}


def sniff(data: bytes) -> str | None:
    """The media type the bytes really are (PDF, MP4, WebM), or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return MP4
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    return None


def size_check(kind: str, size: int) -> None:
    limit = MAX_BYTES.get(kind, 0)
    if size > limit:
        raise DomainError(
            "upload_too_large",
            f"文件不能超过 {limit // (1024 * 1024)} MB",
            f"the file may be at most {limit // (1024 * 1024)} MB",
            status=413,
        )


def upload_check(*, kind: str, declared: str, data: bytes) -> str:
    """The file extension to store under, once `data` is shown to be what `declared` says and
    that type fits `kind`. 422 `upload_type` otherwise; 413 when too large."""
    allowed = ALLOWED.get(kind)
    if allowed is None:
        raise InvalidInput("unknown_kind", "宣传品类别无效", "unknown asset kind")
    size_check(kind, len(data))
    declared = (declared or "").split(";")[0].strip().lower()
    if declared not in allowed:
        raise InvalidInput(
            "upload_type",
            f"该类别只接受：{'、'.join(allowed)}",
            f"this kind accepts only: {', '.join(allowed)}",
        )
    real = sniff(data)
    if real != declared:
        raise InvalidInput(
            "upload_type",
            f"文件内容不是声明的类型（{declared}）",
            f"the file is not the declared type ({declared})",
        )
    return allowed[declared]
