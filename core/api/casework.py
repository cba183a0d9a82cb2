"""API routes of casework: complaints as cases, the workflow's steps, decisions, compensation and
sanctions (proposed, answered, decided), the staff inbox and the complainant's notices, the desk
form of an oral claim, each role's work lists, and what the citizen answered (docs/workflow.md,
docs/notices.md)."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from core.access import policy
from core.casework import cases, claims, workflow
from core.api.base import CASE, PAGE, QueryPage, blp, errors_documented, refusals, tenant_route, versioned
from core.api.casework_schemas import AuditEventSchema, ComplaintSchema, ComplaintUpdateSchema
from core.decrees.schemas import DecisionSchema
from core.platform.db import Session
from core.platform.domain_errors import NotFound
from core.http.extensions import decrees
from core.timekeeping.clock import now as clock_now
from core.platform.lookup import by_id
from core.models import AuditEvent, Complaint
from core.casework import records, worklists
from core.api.error_schema import ErrorSchema
from core.api.casework_schemas import CompensationGivenSchema, CompensationItemSchema, DecisionRecordSchema, DecisionRequestSchema, PendingSanctionSchema, SanctionSchema, StepSchema, TransitionSchema, WorklistCountsSchema
from flask import current_app
from core.casework import notices
from core.http.schemas.notices import AnswerSchema, CaseNoticeSchema, InboxQuerySchema, NotificationPatchSchema, NotificationSchema, OralClaimSchema, ProposalSchema, UnreadSchema
from core.api.base import check_version, conflicts
from core.models import Notification
from marshmallow import Schema, fields
from core.http.fields import LocalDateTime
from core.models import CitizenResponse


@blp.route("/tenants/<slug>/complaints")
@tenant_route()
@blp.response(200, ComplaintSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def list_complaints(tenant):
    """Complaints, newest first."""
    return select(Complaint).order_by(Complaint.received_at.desc())


@blp.route("/tenants/<slug>/complaints", methods=["POST"])
@tenant_route("complaint.write")
@blp.etag
@errors_documented(400, 413)
@blp.arguments(ComplaintSchema)
@blp.response(201, ComplaintSchema)
def create_complaint(data, tenant):
    """Take in a complaint; its ETag is its version."""
    complaint = cases.intake(tenant, data, received_by=current_user.id)
    claims.hold_if_kahar(decrees(), tenant, complaint, clock_now())
    Session.commit()
    return versioned(complaint)


@blp.route("/tenants/<slug>/complaints/<complaint_id>")
@tenant_route()
@blp.etag
@blp.response(200, ComplaintSchema)
def get_complaint(tenant, complaint_id):
    """One complaint; its ETag is its version."""
    complaint = by_id(Complaint, complaint_id)
    return versioned(complaint)


@blp.route("/tenants/<slug>/complaints/<complaint_id>", methods=["PATCH"])
@tenant_route("complaint.write")
@blp.etag
@errors_documented(400, 413)
@blp.arguments(ComplaintUpdateSchema(partial=True))
@blp.response(200, ComplaintSchema)
def update_complaint(data, tenant, complaint_id):
    """Correct a complaint's facts until the head assesses it: send the version you read as If-Match;
    a stale one is refused (409). Its status moves only by ``…/transitions``."""
    complaint = by_id(Complaint, complaint_id)
    blp.check_etag(complaint.version)
    workflow.ensure_editable(complaint)
    cases.update(complaint, data)
    Session.commit()
    return versioned(complaint)


@blp.route("/tenants/<slug>/complaints/<complaint_id>/audit")
@tenant_route("audit.view")
@blp.response(200, AuditEventSchema(many=True))
def complaint_audit(tenant, complaint_id):
    """The case's audit trail: the case, its decisions, compensation and sanctions."""
    complaint = by_id(Complaint, complaint_id)
    events = Session.scalars(select(AuditEvent).where(AuditEvent.entity_id.in_(workflow.case_entity_ids(complaint)))
                             .order_by(AuditEvent.at)).all()
    if policy.may_see_identity(current_user, tenant, complaint):
        return events
    return [policy.masked_event(event) for event in events]


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




INBOX = "/tenants/<slug>/notifications"


@blp.route(INBOX)
@tenant_route("notification.read")
@blp.arguments(InboxQuerySchema, location="query")
@blp.response(200, NotificationSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def my_notifications(args, tenant):
    """Your notifications (to you, or to your role), newest first; ``unread=true`` for those not read."""
    statement = notices.inbox_of(current_user)
    return statement.where(Notification.read_at.is_(None)) if args["unread"] else statement


@blp.route(f"{INBOX}/unread")
@tenant_route("notification.read")
@blp.response(200, UnreadSchema)
def my_unread(tenant):
    """How many of your notifications are not read."""
    return {"unread": notices.unread_count(current_user)}


def _mine(notification_id) -> Notification:
    found = notices.in_inbox(current_user, notification_id)
    if found is None:
        raise NotFound("notification")
    return found


@blp.route(f"{INBOX}/<notification_id>")
@tenant_route("notification.read")
@blp.etag
@blp.response(200, NotificationSchema)
def my_notification(tenant, notification_id):
    """One of your notifications; its ETag is its version."""
    found = _mine(notification_id)
    blp.set_etag(found.version)
    return found


@blp.route(f"{INBOX}/<notification_id>", methods=["PATCH"])
@tenant_route("notification.read")
@blp.etag
@conflicts
@blp.alt_response(428, schema=ErrorSchema, description="send the version you read as If-Match")
@errors_documented(400, 413)
@blp.arguments(NotificationPatchSchema)
@blp.response(200, NotificationSchema)
def mark_notification(data, tenant, notification_id):
    """Mark one of your notifications read (``read: true``) or unread again, naming the version
    you read (If-Match)."""
    found = _mine(notification_id)
    check_version(found)
    notices.mark(found, data["read"], clock_now())
    Session.commit()
    blp.set_etag(found.version)
    return found


@blp.route(f"{CASE}/notices")
@tenant_route()
@blp.response(200, CaseNoticeSchema(many=True))
def case_notices(tenant, complaint_id):
    """What the complainant was told on the case, oldest first: recorded on the case, or by e-mail
    (sent or not, with the error of the last attempt)."""
    return notices.notices_on_case(by_id(Complaint, complaint_id))


@blp.route(f"{CASE}/sanction-proposals")
@tenant_route()
@blp.response(200, ProposalSchema(many=True))
def case_proposals(tenant, complaint_id):
    """The sanctions proposed on the case, each with the officer's answer and whether it was recorded."""
    return records.proposals_of(by_id(Complaint, complaint_id))


@blp.route(f"{CASE}/sanction-proposals", methods=["POST"])
@tenant_route()
@conflicts
@errors_documented(400, 413)
@blp.arguments(ProposalSchema)
@blp.response(201, ProposalSchema)
def propose_sanction(data, tenant, complaint_id):
    """The head proposes the officer's sanction (one the decision in force names); the officer
    (``officer_user_id``) is notified and may answer within ``SANCTION_ANSWER_DAYS`` days."""
    proposal = workflow.propose_sanction(tenant, by_id(Complaint, complaint_id), current_user, data,
                                         int(current_app.config["SANCTION_ANSWER_DAYS"]))
    Session.commit()
    return proposal


@blp.route(f"{CASE}/sanction-proposals/<proposal_id>/answer", methods=["POST"])
@tenant_route()
@conflicts
@errors_documented(400, 413)
@blp.arguments(AnswerSchema)
@blp.response(200, ProposalSchema)
def answer_proposal(data, tenant, complaint_id, proposal_id):
    """The officer named in the proposal answers it in writing, once, before it is recorded."""
    proposal = workflow.answer_proposal(tenant, by_id(Complaint, complaint_id), proposal_id, current_user,
                                        data["answer"])
    Session.commit()
    return proposal


@blp.route("/tenants/<slug>/oral-claims", methods=["POST"])
@tenant_route()
@conflicts
@errors_documented(400, 413)
@blp.arguments(OralClaimSchema)
@blp.response(201, ComplaintSchema)
def record_oral_claim(data, tenant):
    """An oral claim of a ringan breach, apologised on the spot: the complaint, the apology given
    and the closing in one action, where the agency's decree has that rule (Kota Bekasi, Lampiran
    C.2 angka 1)); anything the decree grades heavier is refused (409), to be taken in writing."""
    complaint = claims.record_oral_claim(decrees(), tenant, current_user, data, clock_now())
    Session.commit()
    return complaint


@blp.route("/tenants/<slug>/worklists/objections")
@tenant_route("worklist.head")
@blp.response(200, ComplaintSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def objections(tenant):
    """Cases the complainant's keberatan reopened, waiting for you; the objection is ``status_reason``."""
    return worklists.objections()


@blp.route("/tenants/<slug>/worklists/sanction-answers")
@tenant_route("worklist.head")
@blp.response(200, ProposalSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def sanction_answers(tenant):
    """Sanctions you proposed and have not recorded: each with the officer's answer or its waiting period."""
    return worklists.sanction_answers()


class CitizenResponseSchema(Schema):
    id = fields.UUID()
    kind = fields.String(metadata={"description": "diterima, tidak_diterima (a compensation) or keberatan (the outcome)"})
    compensation_id = fields.UUID(allow_none=True)
    note = fields.String()
    at = LocalDateTime()


@blp.route("/tenants/<slug>/complaints/<complaint_id>/citizen-responses")
@tenant_route()
@blp.response(200, CitizenResponseSchema(many=True))
def citizen_responses(tenant, complaint_id):
    """The complainant's answers on the case: each compensation received or not, and any objection."""
    complaint = by_id(Complaint, complaint_id)
    return Session.scalars(select(CitizenResponse).where(CitizenResponse.complaint_id == complaint.id)
                           .order_by(CitizenResponse.at)).all()
