"""One error format for the API: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from marshmallow import ValidationError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from core.decrees.contract import FactsError
from core.decrees.dispatch import NoDecreeBound
from core.decrees.registry import PluginError
from core.decrees.facts import flatten_errors


class APIError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def not_found(what: str = "object") -> APIError:
    return APIError(404, "not_found", f"{what} not found")


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


def _is_api() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(APIError)
    def _api_error(exc: APIError):
        if not _is_api():
            return render_template("error.html", status=exc.status, message=exc.message), exc.status
        return error_response(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError):
        return error_response(422, "invalid", "some fields are invalid", flatten_errors(exc.messages))

    @app.errorhandler(FactsError)
    def _facts(exc: FactsError):
        return error_response(422, "invalid_facts", exc.message, exc.fields)

    @app.errorhandler(NoDecreeBound)
    def _no_decree(exc: NoDecreeBound):
        if not _is_api():
            return render_template("error.html", status=409, message=str(exc)), 409
        return error_response(409, "no_decree", str(exc))

    @app.errorhandler(PluginError)
    def _broken_decree(exc: PluginError):
        """A decree plugin that answered outside the contract: logged, and the decision refused."""
        app.logger.error("decree plugin refused: %s", exc)
        message = "the agency's decree plugin gave an answer outside the contract; the decision is refused and reported"
        if not _is_api():
            return render_template("error.html", status=503, message=message), 503
        return error_response(503, "decree_refused", message)

    @app.errorhandler(StaleDataError)
    def _stale(_exc: StaleDataError):
        return error_response(409, "stale", "the object was changed by someone else; reload and try again")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if not _is_api():
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        return error_response(exc.code or 500, code, exc.description or exc.name)
