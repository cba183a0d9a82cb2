"""Domain errors to HTTP, in one place: the status of each kind, and the error format
(``core.platform.domain_errors.error_body``) for the API, an error page for the browser."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from marshmallow import ValidationError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from core.decrees.contract import FactsError
from core.decrees.facts import flatten_errors
from core.decrees.registry import PluginError, UnknownDecree
from core.platform.domain_errors import (
    BadRequest, Conflict, DomainError, Forbidden, Invalid, NotFound, Stale, TooLarge, TooManyRequests, Unauthorized,
    Unavailable, error_body,
)

STATUS: dict[type[DomainError], int] = {
    BadRequest: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404, Conflict: 409, Stale: 409, TooLarge: 413,
    Invalid: 422, TooManyRequests: 429, Unavailable: 503,
}
API_PREFIX = "/api/"


def status_of(exc: DomainError) -> int:
    """The status of the most specific kind the error is (Stale before Conflict)."""
    return next(STATUS[kind] for kind in type(exc).__mro__ if kind in STATUS)


def _is_api() -> bool:
    return request.path.startswith(API_PREFIX)


def respond(status: int, body: dict, headers: dict | None = None):
    """The API's JSON error, or the error page, for the surface that asked."""
    if not _is_api():
        return render_template("error.html", status=status, message=body["error"]["message"]), status, headers or {}
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def domain_error_response(exc: DomainError):
    return respond(status_of(exc), exc.body(), getattr(exc, "headers", None))


def http_error_response(exc: HTTPException):
    """Werkzeug's and flask-smorest's HTTP errors (webargs puts field errors in ``data``)."""
    if not _is_api():
        return _error_page(exc)
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") or data.get("errors") or {}
    fields: dict[str, list[str]] = {}
    for location_messages in messages.values() if isinstance(messages, dict) else ():
        fields.update(flatten_errors(location_messages))
    code = (exc.name or "error").lower().replace(" ", "_")
    if exc.code == 422:
        code, message = "invalid", "some fields are invalid"
    else:
        message = data.get("message") or exc.description or exc.name
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}  # e.g. Allow on a 405
    headers.update(data.get("headers") or {})
    return respond(exc.code or 500, error_body(code, message, fields), headers)


def _error_page(exc: HTTPException):
    """A browser's HTTP error (an unknown address, a form without its CSRF token, a file too large)
    as the site's own error page, in the reader's language, rather than Werkzeug's English one."""
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    return render_template("error.html", status=exc.code, message=exc.description), exc.code or 500, headers


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, domain_error_response)

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError):
        return respond(422, error_body("invalid", "some fields are invalid", flatten_errors(exc.messages)))

    @app.errorhandler(FactsError)
    def _facts(exc: FactsError):
        return respond(422, error_body("invalid_facts", exc.message, exc.fields))

    @app.errorhandler(UnknownDecree)
    def _unknown_decree(exc: UnknownDecree):
        app.logger.error("a tenant is bound to a decree that is not installed or is broken: %s", exc)
        return respond(503, error_body("decree_unavailable", "the agency's decree plugin is not available; reported"))

    @app.errorhandler(PluginError)
    def _broken_decree(exc: PluginError):
        """A decree plugin that answered outside the contract: logged, and the decision refused."""
        app.logger.error("decree plugin refused: %s", exc)
        message = "the agency's decree plugin gave an answer outside the contract; the decision is refused and reported"
        return respond(503, error_body("decree_refused", message))

    @app.errorhandler(StaleDataError)
    def _stale(_exc: StaleDataError):
        return respond(409, Stale("the object was changed by someone else; reload and try again").body())

    app.register_error_handler(HTTPException, http_error_response)
