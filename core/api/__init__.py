"""The JSON API under ``/api/v1``, on flask-smorest.

flask-smorest parses bodies and query strings through the marshmallow schemas
(``@blp.arguments``), dumps answers through them (``@blp.response``), pages listings
(``@blp.paginate``), checks versions (``@blp.etag``) and generates the OpenAPI
document at ``/api/v1/openapi.json``. What is ours: the error format (the one in
``core/errors.py``), the bearer token as flask-login's second door, the tenant of the
URL resolved and policy-checked by :func:`tenant_route`, and a case's ETag being its
version number with a stale one answered 409.
"""

from __future__ import annotations

import functools
import http
from collections.abc import Callable
from typing import Any

from flask import g, request
from flask_login import current_user
from apispec.ext.marshmallow import MarshmallowPlugin
from flask_smorest import Api, Blueprint, Page
from flask_smorest.etag import _get_etag_ctx
from flask_smorest.pagination import PaginationMetadataSchema
from sqlalchemy import func
from sqlalchemy.sql import Select
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from core import audit, policy
from core.api.schemas import ErrorSchema
from core.db import Session
from core.domain_errors import BadRequest, Forbidden, Stale, Unauthorized
from core.errors import http_error_response
from core.url_tenant import enter_tenant_of_url

PREFIX = "/api/v1"


class KompensasiApi(Api):
    """flask-smorest's Api, answering its HTTP errors in our error format."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        return http_error_response(error)


class JsonOnlyParser(FlaskParser):
    """A body must be JSON: anything else is a 400, not a list of missing fields."""

    def _raw_load_json(self, req):
        if req.mimetype != "application/json" and not req.is_json:
            raise BadRequest("send a JSON body with Content-Type: application/json")
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            raise BadRequest("the body is nested too deeply to read") from None

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        raise BadRequest("the body is not valid JSON")


class ApiBlueprint(Blueprint):
    """Our blueprint: JSON bodies only; a case's ETag is its version, and a stale one is a 409."""

    ARGUMENTS_PARSER = JsonOnlyParser()

    @staticmethod
    def _generate_etag(etag_data, extra_data=None):
        if isinstance(etag_data, int):
            return str(etag_data)
        return Blueprint._generate_etag(etag_data, extra_data)

    def check_etag(self, etag_data, etag_schema=None):
        """The If-Match header must name the current version: else 409 ``stale``, never an overwrite.
        ``If-Match: *`` names no version, so it is refused too."""
        _get_etag_ctx()["etag_checked"] = True
        if request.if_match.star_tag or self._generate_etag(etag_data) not in request.if_match:
            raise Stale(f"it is at version {etag_data}; reload it and send If-Match with that version")

    def _document_pagination_metadata(self, spec, resp_doc):
        """``X-Pagination`` is a header, so a string: one that carries a JSON object."""
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "Pagination metadata: total, total_pages, first_page, last_page, page, previous_page, next_page",
            "content": {"application/json": {"schema": PaginationMetadataSchema}},
        }

    def _prepare_etag_doc(self, doc, doc_info, *, api, spec, method, **kwargs):
        doc = super()._prepare_etag_doc(doc, doc_info, api=api, spec=spec, method=method, **kwargs)
        if doc_info.get("etag") and method.upper() in self.METHODS_NEEDING_CHECK_ETAG:
            doc["parameters"] = [p for p in doc.get("parameters", []) if p != "IF_MATCH"]
            doc["parameters"].append({"name": "If-Match", "in": "header", "required": True,
                                      "description": "the version you read (the ETag)", "schema": {"type": "string"}})
            doc["responses"].pop(412, None)
            doc["responses"][409] = {"description": "stale: the version changed since you read it",
                                     "content": {"application/json": {"schema": ErrorSchema}}}
        return doc


class QueryPage(Page):
    """A page of an ORM select: sliced and counted in SQL, under the tenant scope."""

    @property
    def items(self) -> list[Any]:
        params = self.page_params
        if params.first_item >= params.item_count:  # past the end (or beyond what SQL can count to)
            return []
        return Session.scalars(self.collection.limit(params.page_size).offset(params.first_item)).all()

    @property
    def item_count(self) -> int:
        statement: Select = self.collection
        entity = statement.column_descriptions[0]["entity"]
        return Session.scalar(statement.with_only_columns(func.count(entity.id)).order_by(None))


def _schema_name(schema: Any) -> str:
    """Components are named after their schema; a partial one (a PATCH body) gets its own name."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    return name + "Partial" if getattr(schema, "partial", False) is True else name


api = KompensasiApi(spec_kwargs={"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=_schema_name)})
blp = ApiBlueprint("api", __name__, url_prefix=PREFIX, description="Kompensasi pelayanan publik")
PAGE = {"page_size": 100, "max_page_size": 500}


@blp.before_request
def _authenticate() -> None:
    """The API's door is the bearer token only (flask-login's request loader); a session
    cookie does not open it, so a page can never be made to call the API for its user."""
    if not current_user.is_authenticated:
        if g.get("bearer_token_given"):
            raise Unauthorized("unknown or revoked API token")
        raise Unauthorized("send an API token: Authorization: Bearer <token>")
    g.audit_actor_token = audit.begin(current_user.id)


@blp.teardown_request
def _stop_acting(_exc) -> None:
    token = g.pop("audit_actor_token", None)
    if token is not None:
        audit.end(token)


ERRORS = {400: "the body is not JSON, or not readable", 401: "no token, or a token that names no active user",
          403: "your role may not do this", 404: "not found, or another agency's",
          413: "the body is larger than the server reads (1 MiB)"}


def errors_documented(*statuses: int) -> Callable:
    """The error responses a route can give, in the OpenAPI document."""

    def decorate(view: Callable) -> Callable:
        for status in statuses:
            view = blp.alt_response(status, schema=ErrorSchema, description=ERRORS[status])(view)
        return view

    return decorate


def tenant_route(permission: str | None = "tenant.view") -> Callable:
    """The tenant of the URL (``<slug>``): resolved (404 if the user may not see it), entered
    as the request's scope, and the user's role checked, before anything else is read."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, slug: str, **kwargs: Any):
            tenant = enter_tenant_of_url(slug, current_user)
            if permission and not policy.can(current_user, permission, tenant):
                raise Forbidden(f"your role may not do this ({permission})")
            return view(*args, tenant=tenant, **kwargs)

        return errors_documented(401, 403, 404)(wrapper)

    return decorate


def across_tenants(permission: str) -> Callable:
    """A question that belongs to no single tenant, checked against the cross-tenant policy."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            if not policy.can_across_tenants(current_user, permission):
                raise Forbidden(f"your role may not do this ({permission})")
            return view(*args, **kwargs)

        return errors_documented(401, 403)(wrapper)

    return decorate


NO_CONTENT = http.HTTPStatus.NO_CONTENT

from core.api import views  # noqa: E402,F401  (registers the routes)
from core.api import citizen_responses  # noqa: E402,F401  (the citizen's answers, for staff)
