"""What the domain refuses, and the one error body every surface shows.

Services raise these; they know nothing of HTTP. ``core/http/errors.py`` maps each kind to a
status for the API and the pages, the CLI prints the same body, and a comparison embeds it.
The module is pure (no Flask, no database) so every layer may use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def error_body(code: str, message: str, fields: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """``{"error": {"code", "message", "fields"}}``: the error format, built here only."""
    return {"error": {"code": code, "message": message, "fields": dict(fields or {})}}


class DomainError(Exception):
    """A refusal with a code, a message, and the fields it concerns."""

    code = "error"

    def __init__(self, message: str, fields: Mapping[str, list[str]] | None = None, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})
        if code:
            self.code = code

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.fields)


class NotFound(DomainError):
    """Absent, or another tenant's: the two look the same from outside."""

    code = "not_found"

    def __init__(self, what: str = "object"):
        super().__init__(f"{what} not found")


class Invalid(DomainError):
    """Input that cannot be accepted, field by field."""

    code = "invalid"


class Conflict(DomainError):
    """The request clashes with what is stored (a used code, a reference still referred to)."""

    code = "conflict"


class Stale(Conflict):
    """A write based on a version that is no longer the current one."""

    code = "stale"


class Forbidden(DomainError):
    """The user's role may not do this."""

    code = "forbidden"


class Unauthorized(DomainError):
    """No credentials, or credentials that name no active user."""

    code = "unauthorized"


class BadRequest(DomainError):
    """A request that cannot be read at all (a body that is not JSON)."""

    code = "bad_request"


class TooLarge(Invalid):
    """An upload larger than the limit: refused before it is stored."""

    code = "too_large"


class TooManyRequests(DomainError):
    """Too many attempts from one client in the window; ``retry_after`` seconds until the next."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class Unavailable(DomainError):
    """Something the platform relies on failed (a letter's renderer): nothing was stored; try again."""

    code = "unavailable"
