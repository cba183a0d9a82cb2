"""The JSON API's machinery under ``/api/v1``, on flask-smorest.

flask-smorest parses bodies and query strings through the marshmallow schemas
(``@blp.arguments``), dumps answers through them (``@blp.response``), pages listings
(``@blp.paginate``), checks versions (``@blp.etag``) and generates the OpenAPI
document at ``/api/v1/openapi.json``. What is ours: the error format (the one in
``core/http/errors.py``), the bearer token as flask-login's second door, the tenant of the
URL resolved and policy-checked by :func:`tenant_route`, and a case's ETag being its
version number with a stale one answered 409.
"""

from __future__ import annotations

import functools
import http
import json
from copy import deepcopy
from collections.abc import Callable
from typing import Any

from flask import current_app, g, request
from flask_login import current_user
from apispec.ext.marshmallow import MarshmallowPlugin
from flask_smorest import Api, Blueprint
from flask_smorest.etag import _get_etag_ctx
from flask_smorest.pagination import PaginationMetadataSchema
from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import func, select
from sqlalchemy.sql import Select
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from core.access import policy
from core.models import audit_trail as audit
from core.api.listing_dump import compile_listing
from core.api.error_schema import ErrorSchema
from core.platform.db import Session
from core.platform.domain_errors import BadRequest, Forbidden, Stale, Unauthorized
from core.http.errors import http_error_response
from core.http.url_tenant import enter_tenant_of_url

from core.platform.domain_errors import Invalid
from core.models import Complaint
from werkzeug.exceptions import RequestEntityTooLarge

from core.platform.domain_errors import TooLarge
from werkzeug.exceptions import PreconditionRequired


PREFIX = "/api/v1"
MAX_PAGE = 10_000_000  # page × page_size stays far inside what SQL's OFFSET takes


class KompensasiApi(Api):
    """flask-smorest's Api, answering its HTTP errors in our error format."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        return http_error_response(error)

    def _openapi_json(self):
        """The document, built and serialised once per process (the routes do not change while it
        runs), then answered from memory."""
        extensions = current_app.extensions
        if "openapi_json" not in extensions:
            extensions["openapi_json"] = current_app.json.dumps(self.spec.to_dict(), indent=2).encode()
        return current_app.response_class(extensions["openapi_json"], mimetype="application/json")


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

    def arguments(self, schema, *args: Any, **kwargs: Any) -> Callable:
        """A schema given as a class is built here, once, not by webargs on every request."""
        return super().arguments(schema() if isinstance(schema, type) else schema, *args, **kwargs)

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

    def response(self, status_code: Any, schema: Any = None, **kwargs: Any) -> Callable:
        """A listing's schema dumps its rows through a plan made once (core.api.listing_dump)."""
        if isinstance(schema, Schema) and schema.many:
            compile_listing(schema)
        return super().response(status_code, schema, **kwargs)

    def paginate(self, pager=None, *, page_size: int = 100, max_page_size: int = 500, **_: Any) -> Callable:
        """Page a listing whose view returns an ORM select: ``page``, ``page_size`` and ``count`` from
        the query string; the page's rows to the response schema, its metadata in ``X-Pagination``."""
        schema = _listing_schema(page_size, max_page_size)

        def decorate(view: Callable) -> Callable:
            @functools.wraps(view)
            def wrapper(*args: Any, **kwargs: Any):
                params = self.PAGINATION_ARGUMENTS_PARSER.parse(schema, request, location="query")
                rows, metadata = page_of(view(*args, **kwargs), **params)
                return rows, 200, {self.PAGINATION_HEADER_NAME: json.dumps(metadata)}

            wrapper._apidoc = deepcopy(getattr(wrapper, "_apidoc", {}))
            wrapper._apidoc["pagination"] = {"parameters": {"in": "query", "schema": schema},
                                             "response": {422: "UNPROCESSABLE_ENTITY"}}
            return wrapper

        return decorate

    def _document_pagination_metadata(self, spec, resp_doc):
        """``X-Pagination`` is a header, so a string: one that carries a JSON object."""
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "Pagination metadata: page, page_size, first_page, previous_page, next_page; "
                           "with count=true also total, total_pages, last_page",
            "content": {"application/json": {"schema": ListingMetadataSchema}},
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


class QueryPage:
    """Marks a listing whose view returns an ORM select: :meth:`ApiBlueprint.paginate` pages it in SQL."""


class ListingParametersSchema(Schema):
    """``page`` and ``page_size``; ``count=true`` adds the total (a count of every matching row,
    which on a large tenant costs more than the page itself, so only when asked)."""

    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    page_size = fields.Integer(load_default=100)
    count = fields.Boolean(load_default=False, metadata={"description": "add total, total_pages and last_page"})


class ListingMetadataSchema(PaginationMetadataSchema):
    page_size = fields.Int(metadata={"description": "Rows per page."})


def _listing_schema(page_size: int, max_page_size: int) -> Schema:
    schema = ListingParametersSchema()
    schema.fields["page_size"].load_default = page_size
    schema.fields["page_size"].validators = [validate.Range(min=1, max=max_page_size)]
    return schema


def page_of(statement: Select, page: int, page_size: int, count: bool) -> tuple[list[Any], dict[str, int]]:
    """One page of an ORM select (under the tenant scope), read with one row more than the page
    to know whether another follows; the total only when asked."""
    rows = Session.scalars(statement.limit(page_size + 1).offset((page - 1) * page_size)).all()
    metadata = {"page": page, "page_size": page_size, "first_page": 1}
    if page > 1:
        metadata["previous_page"] = page - 1
    if len(rows) > page_size:
        metadata["next_page"] = page + 1
    if count:
        total = Session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
        metadata.update(total=total, total_pages=-(-total // page_size), last_page=max(1, -(-total // page_size)))
    return rows[:page_size], ListingMetadataSchema().dump(metadata)


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


def error_documented(status: int, description: str) -> Callable:
    """One error response of a route, in the OpenAPI document, in its own words."""
    return blp.alt_response(status, schema=ErrorSchema, description=description)


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


def versioned(row):
    """A case or a service request, answered with its version as the ETag."""
    blp.set_etag(row.version)
    return row


MULTIPART_OVERHEAD = 64 * 1024


def upload_limit(limit: int, field: str = "file") -> Callable:
    """A multipart body up to ``limit`` bytes of file (the API's 1 MiB does not fit a file and its
    framing); a larger one is a 413 naming the field."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            request.max_content_length = limit + MULTIPART_OVERHEAD
            try:
                return view(*args, **kwargs)
            except RequestEntityTooLarge:
                raise TooLarge(f"the file is larger than {limit} bytes", {field: [f"at most {limit} bytes"]}) from None

        return wrapper

    return decorate


def read_upload(schema_class, limit: int) -> bytes:
    """The uploaded file's bytes (at most one more than ``limit``, so a larger one is known)."""
    if not request.mimetype.startswith("multipart/form-data"):
        raise Invalid("send the file as multipart/form-data", {"file": ["send the file as multipart/form-data"]})
    upload = schema_class().load(request.files.to_dict())["file"]
    try:
        return upload.stream.read(limit + 1)
    finally:
        upload.close()  # a large one was spooled to a temporary file


CASE = "/tenants/<slug>/complaints/<complaint_id>"


def conflicts(view):
    """The 409 of a write the case's state does not allow (or a stale version)."""
    return blp.alt_response(409, schema=ErrorSchema, description="not allowed in the case's state, or stale")(view)


def refusals(view):
    """A versioned write's refusals: 409, and 428 without If-Match."""
    view = conflicts(view)
    return blp.alt_response(428, schema=ErrorSchema, description="send the version you read as If-Match")(view)


def check_version(complaint: Complaint) -> None:
    """A write to a case names the version it read (If-Match), as a PATCH does."""
    if not request.if_match:
        raise PreconditionRequired("send the version you read as If-Match")
    blp.check_etag(complaint.version)
