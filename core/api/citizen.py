"""The public complaint page as JSON, under ``/api/v1/public/<slug>``: no account, no token.

The agency's services and their published standards, a written complaint filed, the case read
by its tracking code, and the citizen's say on the outcome. Writes and unknown tracking codes
are counted per client address (``core/citizen/limits.py``); a tenant's code under another
tenant's slug is not found.
"""

from __future__ import annotations


from core.citizen import filing, responses
from core.citizen.view import citizen_view
from core.api.base import NO_CONTENT, PREFIX, ApiBlueprint
from core.http.schemas.public import CitizenViewSchema, FiledSchema, KeberatanSchema, PublicAgencySchema, PublicComplaintSchema, PublicServiceSchema, ReceiptSchema
from core.api.error_schema import ErrorSchema
from core.timekeeping.clock import now as clock_now
from core.http.extensions import decrees
from core.http.public_writes import before_writing, case_of_code, written
from core.http.url_tenant import enter_public_tenant

blp = ApiBlueprint("public_api", __name__, url_prefix=PREFIX + "/public",
                   description="The public complaint page: no account; rate-limited per client address")
SLUG, CODE = "<string(maxlength=64):slug>", "<string(maxlength=32):code>"  # a tenant's slug; a tracking code, grouped or not
ERRORS = {400: "the body is not JSON", 404: "no such agency, or no such tracking code in it",
          409: "the case does not allow this now", 413: "the body is larger than the server reads (1 MiB)",
          429: "too many requests from this address; see Retry-After"}


def documented(*statuses: int):
    def decorate(view):
        for status in statuses:
            view = blp.alt_response(status, schema=ErrorSchema, description=ERRORS[status])(view)
        return blp.doc(security=[])(view)

    return decorate


@blp.route(f"/{SLUG}")
@documented(404)
@blp.response(200, PublicAgencySchema)
def agency(slug):
    """The agency and the standard of each of its services."""
    tenant = enter_public_tenant(slug)
    services = [{"code": s.code, "name": s.name, "unit": s.unit, "time_norm_text": s.time_norm_text,
                 "standard": filing.published_standard(s)} for s in filing.published_services()]
    return {"slug": tenant.slug, "name": tenant.name, "timezone": tenant.timezone, "services": services}


@blp.route(f"/{SLUG}/services")
@documented(404)
@blp.response(200, PublicServiceSchema(many=True))
def services(slug):
    """The agency's services, each with its published standard (norm, requirements, fees, …)."""
    enter_public_tenant(slug)
    return [{"code": s.code, "name": s.name, "unit": s.unit, "time_norm_text": s.time_norm_text,
             "standard": filing.published_standard(s)} for s in filing.published_services()]


@blp.route(f"/{SLUG}/complaints", methods=["POST"])
@documented(400, 404, 413, 429)
@blp.arguments(PublicComplaintSchema)
@blp.response(201, FiledSchema)
def file_complaint(data, slug):
    """File a written complaint; answers the tracking code to follow it by. Filed within 30 days
    of the service (UU 25/2009); a NIK of 16 digits, stored encrypted."""
    tenant = enter_public_tenant(slug)
    limit = before_writing()
    complaint = filing.file_complaint(tenant, data, clock_now(), decrees())
    written(limit)
    return complaint


@blp.route(f"/{SLUG}/complaints/{CODE}")
@documented(404, 429)
@blp.response(200, CitizenViewSchema)
def track(slug, code):
    """The case of a tracking code, as its complainant may see it."""
    enter_public_tenant(slug)
    return citizen_view(case_of_code(code))


@blp.route(f"/{SLUG}/complaints/{CODE}/compensations/<uuid:compensation_id>/receipt", methods=["POST"])
@documented(400, 404, 413, 429)
@blp.arguments(ReceiptSchema)
@blp.response(NO_CONTENT)
def answer_compensation(data, slug, code, compensation_id):
    """Say whether a compensation of the case was received (``received``: true or false)."""
    enter_public_tenant(slug)
    complaint = case_of_code(code)
    limit = before_writing()
    responses.answer_compensation(complaint, compensation_id, data["received"], data["note"])
    written(limit)


@blp.route(f"/{SLUG}/complaints/{CODE}/objection", methods=["POST"])
@documented(400, 404, 409, 413, 429)
@blp.arguments(KeberatanSchema)
@blp.response(NO_CONTENT)
def object_to_outcome(data, slug, code):
    """Keberatan against a rejection or a closure: recorded on the case, which is marked for the head."""
    enter_public_tenant(slug)
    complaint = case_of_code(code)
    limit = before_writing()
    responses.object_to_outcome(complaint, data["reason"])
    written(limit)
