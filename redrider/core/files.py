"""Private files (exports, imports, photos): answered only by a view that has checked the user.

MEDIA_ROOT is never served as a directory. A view first fetches the owning object through its
selector (another region's object is a 404), then hands the stored file to
:func:`private_file_response`, which either streams it from Django or, behind a reverse proxy,
asks the proxy to send it (`settings.PRIVATE_FILES_SERVER`):

* ``"django"`` (default): a `FileResponse` from this process.
* ``"nginx"``: an empty answer with ``X-Accel-Redirect: <PRIVATE_FILES_INTERNAL_URL><name>``;
  nginx serves that from an ``internal;`` location aliased to MEDIA_ROOT.
* ``"sendfile"``: an empty answer with ``X-Sendfile: <absolute path>`` (Apache mod_xsendfile,
  lighttpd).
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

SERVERS = ("django", "nginx", "sendfile")


def private_file_response(
    file: FieldFile,
    *,
    content_type: str | None = None,
    filename: str | None = None,
    as_attachment: bool = False,
) -> HttpResponseBase:
    """The answer that delivers `file` to a user the caller has already checked.

    Pre: the caller fetched the owning object through a scoped selector and asked the policy.
    Post: a response that is never cached by shared caches and never sniffed as another type.
    """
    name = file.name or ""
    filename = filename or name.rsplit("/", 1)[-1]
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    server = getattr(settings, "PRIVATE_FILES_SERVER", "django")
    response: HttpResponseBase
    if server in ("nginx", "sendfile"):
        # The proxy sends the bytes; this answer only names the file it may send.
        response = HttpResponse(content_type=content_type)
        if server == "nginx":
            prefix = settings.PRIVATE_FILES_INTERNAL_URL.rstrip("/") + "/"
            response["X-Accel-Redirect"] = prefix + quote(name)
        else:
            response["X-Sendfile"] = file.path
        response["Content-Disposition"] = (
            content_disposition_header(as_attachment, filename) or "inline"
        )
    else:
        response = FileResponse(
            file.open("rb"),
            content_type=content_type,
            as_attachment=as_attachment,
            filename=filename,
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
