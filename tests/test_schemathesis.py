"""The OpenAPI document and the server agree (Schemathesis, a bounded run): every status the
server sends is documented, every response matches its schema, nothing is a server error, a
refusal carries the error format, and a refused request writes nothing."""

from __future__ import annotations

import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance, not_a_server_error, response_headers_conformance, response_schema_conformance,
    status_code_conformance,
)

from sqlalchemy import func, select

from core.platform.db import Session
from core.models import AuditEvent, Complaint, ServiceRequest, ServiceType
from core.models.scope import all_tenants
from tests.conftest import auth

EXAMPLES_PER_OPERATION = 12
# The promises the document makes. (Schemathesis's "schema-valid data must be accepted" is not
# among them: the document does not state every limit of the schemas, e.g. the year window.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]


def _stored(app) -> tuple[int, ...]:
    with app.app_context(), all_tenants("test: counting every tenant's rows"):
        counts = tuple(Session.scalar(select(func.count(m.id))) for m in (ServiceType, ServiceRequest, Complaint, AuditEvent))
    return counts


def test_the_server_keeps_the_promises_of_its_openapi_document(app, two_tenants):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    own = two_tenants["dinas-a"]
    headers = auth(own["admin"])
    real = {"slug": "dinas-a", "service_type_id": own["service_type"]["id"], "request_id": own["request"]["id"],
            "complaint_id": own["complaint"]["id"], "day_off_id": own["day_off"]["id"], "kahar_id": own["kahar"]["id"]}
    operations = [result.ok() for result in schema.get_all_operations()]
    calls = []
    for operation, mode in [(op, mode) for op in operations for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]:

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        @given(case=operation.as_strategy(generation_mode=mode))
        def exercise(case):
            # the agency's own objects, so that generated bodies reach the handlers, not only a 404
            case.path_parameters = {name: real.get(name, value) for name, value in (case.path_parameters or {}).items()}
            before = _stored(app)
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            if 400 <= response.status_code < 500:
                assert set(response.json()["error"]) == {"code", "message", "fields"}
                assert _stored(app) == before, f"a refused {case.method} {case.path} wrote something"
            calls.append(response.status_code)

        exercise()
    assert len(operations) >= 20 and len(calls) >= len(operations)
