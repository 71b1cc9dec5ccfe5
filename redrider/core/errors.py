"""DomainError: the one exception services raise; the API maps it once to a 4xx."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal that the caller can understand and act on.

    `code` is a stable machine-readable string, `status` the HTTP status it maps to,
    and the message is given Chinese first, English too.
    """

    status = 400

    def __init__(self, code: str, zh: str, en: str, *, status: int | None = None, **extra):
        super().__init__(f"{zh} / {en}")
        self.code = code
        self.zh = zh
        self.en = en
        if status is not None:
            self.status = status
        self.extra = extra

    @property
    def detail(self) -> str:
        return f"{self.zh} / {self.en}"

    def as_dict(self) -> dict:
        return {"detail": self.detail, "code": self.code, **self.extra}


class NotFound(DomainError):
    """The object does not exist or lies outside the caller's region (both answer 404)."""

    status = 404

    def __init__(self, what_zh: str = "对象", what_en: str = "object"):
        super().__init__("not_found", f"{what_zh}不存在", f"{what_en} not found")


class Conflict(DomainError):
    status = 409


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, zh: str = "没有权限", en: str = "permission denied"):
        super().__init__("forbidden", zh, en)


class InvalidInput(DomainError):
    status = 422
