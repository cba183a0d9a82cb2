"""The JSON API under ``/api/v1``.

Routes are declared with :func:`endpoint`, which is the one place that
authenticates the token, resolves the tenant of the URL, checks the policy,
loads the body through its schema, dumps the answer through its schema and
records the operation for the OpenAPI document.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable

from flask import Blueprint, g, request
from marshmallow import Schema

from core import policy
from core.db import Session
from core.errors import APIError
from core.security import user_for_token
from core.tenant_context import enter_tenant_of_url

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


@dataclass
class Operation:
    rule: str
    method: str
    summary: str
    body: type[Schema] | None
    response: type[Schema] | None
    many: bool
    status: int
    tenant: bool


OPERATIONS: list[Operation] = []


def current_api_user():
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise APIError(401, "unauthorized", "send an API token: Authorization: Bearer <token>")
    user = user_for_token(Session, header.removeprefix("Bearer ").strip())
    if user is None:
        raise APIError(401, "unauthorized", "unknown or revoked API token")
    return user


def _json_body() -> Any:
    if not request.is_json:
        raise APIError(400, "bad_request", "send a JSON body with Content-Type: application/json")
    payload = request.get_json(silent=True)
    if payload is None:
        raise APIError(400, "bad_request", "the body is not valid JSON")
    return payload


def endpoint(
    rule: str,
    method: str = "GET",
    *,
    summary: str,
    permission: str | None = "tenant.view",
    body: type[Schema] | None = None,
    response: type[Schema] | None = None,
    many: bool = False,
    status: int = 200,
    partial: bool = False,
) -> Callable:
    tenant_scoped = "<slug>" in rule

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(**kwargs: Any):
            from core.audit import acting_as

            user = current_api_user()
            g.api_user = user
            with acting_as(user.id):
                return _run(view, user, kwargs)

        def _run(view: Callable, user: Any, kwargs: dict[str, Any]):
            if tenant_scoped:
                tenant = enter_tenant_of_url(kwargs.pop("slug"), user)
                if permission and not policy.can(user, permission, tenant):
                    raise APIError(403, "forbidden", f"your role may not do this ({permission})")
                kwargs["tenant"] = tenant
            elif permission and not policy.can_across_tenants(user, permission):
                raise APIError(403, "forbidden", f"your role may not do this ({permission})")
            if body is not None:
                kwargs["data"] = body(partial=partial).load(_json_body())
            result = view(**kwargs)
            headers = {}
            if isinstance(result, tuple):
                result, headers = result
            if response is None:
                return "", 204
            return response(many=many).dump(result), status, headers

        blueprint.add_url_rule(rule, endpoint=view.__name__, view_func=wrapper, methods=[method])
        OPERATIONS.append(Operation(rule, method, summary, body, response, many, status, tenant_scoped))
        return wrapper

    return decorate


from core.api import views  # noqa: E402,F401  (registers the routes)
