"""API routes of notices: the staff inbox, what the complainant was told, sanction proposals and
the officer's answer, the desk form of an oral claim (docs/notices.md)."""

from __future__ import annotations

from flask import current_app
from flask_login import current_user

from core.casework import claims, notices, records, workflow, worklists
from core.api.base import PAGE, QueryPage, blp, errors_documented, tenant_route
from core.http.schemas.notices import (
    AnswerSchema, CaseNoticeSchema, InboxQuerySchema, NotificationPatchSchema, NotificationSchema, OralClaimSchema,
    ProposalSchema, UnreadSchema,
)
from core.api.schemas import ComplaintSchema, ErrorSchema
from core.api.workflow import check_version, conflicts
from core.platform.db import Session
from core.platform.domain_errors import NotFound
from core.http.extensions import decrees
from core.platform.lookup import by_id
from core.models import Complaint, Notification
from core.timekeeping.clock import now as clock_now

CASE = "/tenants/<slug>/complaints/<complaint_id>"
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


# -- sanction proposals ------------------------------------------------------------------


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


# -- the desk form of an oral claim ---------------------------------------------------------


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


# -- the head's lists -----------------------------------------------------------------------


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
