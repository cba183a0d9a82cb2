"""The OpenAPI document, generated from the registered operations and their schemas."""

from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from core.api import OPERATIONS

ERROR = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            },
            "required": ["code", "message", "fields"],
        }
    },
}


def _path(rule: str) -> tuple[str, list[str]]:
    names = re.findall(r"<(?:[^:>]+:)?([^>]+)>", rule)
    return "/api/v1" + re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule), names


def build_spec() -> dict:
    spec = APISpec(
        title="kompensasi", version="1", openapi_version="3.0.3", plugins=[MarshmallowPlugin()],
        info={"description": "Kompensasi pelayanan publik: service standards, cases and decree decisions."},
    )
    spec.components.schema("Error", ERROR)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        path, names = _path(op.rule)
        operation: dict = {
            "summary": op.summary,
            "security": [{"bearer": []}],
            "parameters": [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in names],
            "responses": {
                "401": {"description": "no or bad token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "404": {"description": "not found or not yours", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        }
        if op.body is not None:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": op.body}}}
            operation["responses"]["422"] = {"description": "invalid fields", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        if op.response is not None:
            schema = {"type": "array", "items": op.response} if op.many else op.response
            operation["responses"][str(op.status)] = {"description": "OK", "content": {"application/json": {"schema": schema}}}
        else:
            operation["responses"]["204"] = {"description": "done"}
        if op.method in ("PATCH",) and "complaints" in op.rule:
            operation["parameters"].append({"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"}})
            operation["responses"]["409"] = {"description": "stale version", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        paths.setdefault(path, {})[op.method.lower()] = operation
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()
