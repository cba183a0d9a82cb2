"""Case files over HTTP, for the API and the pages alike: the store of the configured directory,
the upload limit, and downloads that no browser will render or run (``Content-Disposition:
attachment``, ``X-Content-Type-Options: nosniff``, a sandboxing ``Content-Security-Policy``)."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

from flask import current_app, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from core.access import policy
from core.platform.domain_errors import Forbidden, NotFound, TooLarge
from core.platform.filestore import FileStore

MULTIPART_OVERHEAD = 64 * 1024
# Never rendered, never run: a download is a sandboxed document with no sources of its own.
DOWNLOAD_CSP = {"default-src": "'none'", "sandbox": "", "frame-ancestors": "'none'"}


def case_store() -> FileStore:
    return FileStore(current_app.config["EVIDENCE_DIR"])


def evidence_limit() -> int:
    return int(current_app.config["EVIDENCE_MAX_BYTES"])


def accepts_upload(view: Callable) -> Callable:
    """The body of an upload may be as large as the evidence limit (plus the multipart framing),
    not the API's 1 MiB; a larger one is a 413 naming the ``file`` field."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        limit = evidence_limit()
        request.max_content_length = limit + MULTIPART_OVERHEAD
        try:
            return view(*args, **kwargs)
        except RequestEntityTooLarge:
            raise TooLarge(f"the file is larger than {limit} bytes", {"file": [f"at most {limit} bytes"]}) from None

    return wrapper


def download_only(view: Callable) -> Callable:
    """Mark a view's answers as downloads: Flask-Talisman gives them the sandboxing policy."""
    view.talisman_view_options = {"content_security_policy": DOWNLOAD_CSP}
    return view


def read_stored(sha256: str) -> bytes:
    try:
        return case_store().read(sha256)
    except FileNotFoundError:
        current_app.logger.error("a case file is recorded but missing from the store: %s", sha256)
        raise NotFound("stored file") from None


def attachment(content: bytes, media_type: str, name: str):
    response = send_file(io.BytesIO(content), mimetype=media_type, as_attachment=True, download_name=name,
                         max_age=0, etag=False, conditional=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def letter_file_name(letter) -> str:
    return f"{letter.kind}-{letter.number.replace('/', '-')}.pdf"


def require_letter_reader(user, tenant, complaint) -> None:
    """A rahasia complainant's letter is read only by those who may see who complained."""
    if not policy.may_read_letter(user, tenant, complaint):
        raise Forbidden("the letter names a rahasia complainant: only the pimpinan and the officer who took the complaint read it")
