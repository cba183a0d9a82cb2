"""API routes of the case workflow: transitions, decisions, compensation given, sanctions, work lists."""

from __future__ import annotations

from flask import request
from flask_login import current_user
from werkzeug.exceptions import PreconditionRequired

from core.access import policy
from core.casework import records, workflow, worklists
from core.api.base import PAGE, QueryPage, blp, errors_documented, tenant_route
from core.api.schemas import ComplaintSchema, DecisionSchema, ErrorSchema
from core.api.workflow_schemas import (
    CompensationGivenSchema, CompensationItemSchema, DecisionRecordSchema, DecisionRequestSchema,
    PendingSanctionSchema, SanctionSchema, StepSchema, TransitionSchema, WorklistCountsSchema,
)
from core.platform.db import Session
from core.platform.domain_errors import NotFound
from core.http.extensions import decrees
from core.platform.lookup import by_id
from core.models import Complaint

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


@blp.route(f"{CASE}/transitions")
@tenant_route()
@blp.response(200, StepSchema(many=True))
def case_steps(tenant, complaint_id):
    """The steps the case may take from where it is, and whether your role takes each."""
    complaint = by_id(Complaint, complaint_id)
    return [{"target": t.target, "permission": t.permission, "needs": t.needs, "takes": t.takes,
             "yours": policy.can(current_user, t.permission, tenant)} for t in workflow.offered_from(complaint.status)]


@blp.route(f"{CASE}/transitions", methods=["POST"])
@tenant_route()
@blp.etag
@refusals
@errors_documented(400, 413)
@blp.arguments(TransitionSchema)
@blp.response(200, ComplaintSchema)
def move_case(data, tenant, complaint_id):
    """Move the case one step (docs/workflow.md): a step the table does not allow from its state is a
    409 naming the state and the steps it allows; another role's step a 403."""
    complaint = by_id(Complaint, complaint_id)
    check_version(complaint)
    workflow.transition(tenant, complaint, current_user, data["to"], data)
    Session.commit()
    blp.set_etag(complaint.version)
    return complaint


@blp.route(f"{CASE}/decision", methods=["POST"])
@tenant_route()
@refusals
@errors_documented(400, 413)
@blp.arguments(DecisionRequestSchema)
@blp.response(201, DecisionSchema)
def decide_complaint(data, tenant, complaint_id):
    """The head records the tenant's decree's decision on the case under assessment (If-Match: the
    case's version); deciding again needs a ``reason``, an ``override`` an ``override_reason``."""
    complaint = by_id(Complaint, complaint_id)
    check_version(complaint)
    _record, decision = workflow.record_decision(decrees(), tenant, complaint, current_user, data)
    Session.commit()
    return decision


@blp.route(f"{CASE}/decisions")
@tenant_route()
@blp.response(200, DecisionRecordSchema(many=True))
def case_decisions(tenant, complaint_id):
    """Every decision recorded on the case, oldest first; ``in_force`` marks the one that holds."""
    return records.decisions_of(by_id(Complaint, complaint_id))


@blp.route(f"{CASE}/decisions/<decision_id>")
@tenant_route()
@blp.response(200, DecisionRecordSchema)
def case_decision(tenant, complaint_id, decision_id):
    """One decision recorded on the case."""
    found = [d for d in records.decisions_of(by_id(Complaint, complaint_id)) if str(d.id) == decision_id]
    if not found:
        raise NotFound("decision")
    return found[0]


@blp.route(f"{CASE}/compensations")
@tenant_route()
@blp.response(200, CompensationItemSchema(many=True))
def case_compensations(tenant, complaint_id):
    """What the upheld case owes the complainant, each item due and (once given) given."""
    return records.compensations_of(by_id(Complaint, complaint_id))


@blp.route(f"{CASE}/compensations/<item_id>/given", methods=["POST"])
@tenant_route()
@conflicts
@errors_documented(400, 413)
@blp.arguments(CompensationGivenSchema)
@blp.response(200, CompensationItemSchema)
def give_compensation(data, tenant, complaint_id, item_id):
    """Record an owed item as given: when (default now), by you, with its evidence."""
    item = workflow.give_compensation(tenant, by_id(Complaint, complaint_id), item_id, current_user, data)
    Session.commit()
    return item


@blp.route(f"{CASE}/sanctions")
@tenant_route()
@blp.response(200, SanctionSchema(many=True))
def case_sanctions(tenant, complaint_id):
    """The sanctions decided on the case."""
    return records.sanctions_of(by_id(Complaint, complaint_id))


@blp.route(f"{CASE}/sanctions", methods=["POST"])
@tenant_route()
@conflicts
@errors_documented(400, 413)
@blp.arguments(SanctionSchema)
@blp.response(201, SanctionSchema)
def decide_sanction(data, tenant, complaint_id):
    """The head decides the officer's sanction from those the decision in force names; the record
    keeps the staff category, whether it is a PP 94/2021 penalty and the follow-up date."""
    sanction = workflow.record_sanction(tenant, by_id(Complaint, complaint_id), current_user, data)
    Session.commit()
    return sanction


# -- work lists --------------------------------------------------------------

WORKLIST = "/tenants/<slug>/worklists"


@blp.route(WORKLIST)
@tenant_route()
@blp.response(200, WorklistCountsSchema)
def my_worklists(tenant):
    """How many items wait in each of your role's work lists (officer or head; none for others)."""
    lists = ((worklists.OFFICER_LISTS if policy.can(current_user, "worklist.officer", tenant) else ())
             + (worklists.HEAD_LISTS if policy.can(current_user, "worklist.head", tenant) else ()))
    return {"lists": worklists.counts(tenant, current_user, lists)}


@blp.route(f"{WORKLIST}/awaiting-verification")
@tenant_route("worklist.officer")
@blp.response(200, ComplaintSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def awaiting_verification(tenant):
    """New complaints no officer has verified yet, whoever took them in (a citizen's from the
    public page too), oldest first."""
    return worklists.awaiting_verification()


@blp.route(f"{WORKLIST}/my-open-cases")
@tenant_route("worklist.officer")
@blp.response(200, ComplaintSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def my_open_cases(tenant):
    """The cases you took in that are not closed, oldest first."""
    return worklists.my_open_cases(current_user)


@blp.route(f"{WORKLIST}/compensation-due-today")
@tenant_route("worklist.officer")
@blp.response(200, CompensationItemSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def compensation_due_today(tenant):
    """Compensation not given whose deadline falls on the agency's today."""
    return worklists.compensation_due_today(tenant)


@blp.route(f"{WORKLIST}/compensation-overdue")
@tenant_route("worklist.officer")
@blp.response(200, CompensationItemSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def compensation_overdue(tenant):
    """Compensation not given whose deadline has passed, the longest overdue first."""
    return worklists.compensation_overdue()


@blp.route(f"{WORKLIST}/awaiting-assessment")
@tenant_route("worklist.head")
@blp.response(200, ComplaintSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def awaiting_assessment(tenant):
    """Cases sent to you for assessment, oldest first."""
    return worklists.awaiting_assessment()


@blp.route(f"{WORKLIST}/overrides")
@tenant_route("worklist.head")
@blp.response(200, DecisionRecordSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def overrides(tenant):
    """Every decision in which the head ruled in place of the decree, with its reason (the count is
    ``X-Pagination``'s total)."""
    return worklists.overrides()


@blp.route(f"{WORKLIST}/sanctions-pending")
@tenant_route("worklist.head")
@blp.response(200, PendingSanctionSchema(many=True))
def sanctions_pending(tenant):
    """Upheld cases whose officer's sanction is still to decide, with what is pending."""
    return [{"complaint": complaint, "pending": pending} for complaint, pending in worklists.with_sanctions_pending()]
