"""The day's work of each role: what an officer has open and owes, what waits for the head.

Each list is a query under the tenant scope (a select, so the API can page it), except the
sanctions pending, which the decision in force of each upheld case decides.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select

from core.platform.db import Session
from core.models import CaseDecision, Complaint, CompensationGiven, SanctionProposal, Tenant, User
from core.timekeeping.clock import now
from core.vocabulary import CASE_STATUSES
from core.timekeeping.months import local_day
from core.casework.records import decision_in_force, sanctions_of, sanctions_pending

OPEN = tuple(status for status in CASE_STATUSES if status != "closed")
# What each role's work page shows, in order.
OFFICER_LISTS = ("awaiting_verification", "my_open_cases", "compensation_due_today", "compensation_overdue")
HEAD_LISTS = ("awaiting_assessment", "overrides", "sanctions_pending", "objections", "sanction_answers")


def my_open_cases(user: User) -> Select:
    """The cases this officer took in that are not closed, oldest first."""
    return (select(Complaint).where(Complaint.received_by == user.id, Complaint.status.in_(OPEN))
            .order_by(Complaint.received_at))


def _owed() -> Select:
    return select(CompensationGiven).where(CompensationGiven.given_at.is_(None), CompensationGiven.due_at.is_not(None))


def compensation_due_today(tenant: Tenant, at: datetime | None = None) -> Select:
    """Items not given whose deadline falls on the agency's today (still ahead or just passed)."""
    start, following = local_day(at or now(), ZoneInfo(tenant.timezone))
    return (_owed().where(CompensationGiven.due_at >= start, CompensationGiven.due_at < following)
            .order_by(CompensationGiven.due_at))


def compensation_overdue(at: datetime | None = None) -> Select:
    """Items not given whose deadline has passed, the longest overdue first."""
    return _owed().where(CompensationGiven.due_at < (at or now())).order_by(CompensationGiven.due_at)


def awaiting_verification() -> Select:
    """New complaints no officer has verified yet, whoever took them in (a citizen's from the public
    page has no officer at all), oldest first."""
    return select(Complaint).where(Complaint.status == "received").order_by(Complaint.received_at)


def awaiting_assessment() -> Select:
    return select(Complaint).where(Complaint.status == "under_assessment").order_by(Complaint.received_at)


def overrides() -> Select:
    """Every decision in which the head ruled in place of the decree (counted, newest first)."""
    return (select(CaseDecision).where(CaseDecision.override_reason.is_not(None))
            .order_by(CaseDecision.decided_at.desc()))


def with_sanctions_pending() -> list[tuple[Complaint, list[str]]]:
    """Upheld cases whose decision still waits for the head's sanction, with what it waits for."""
    cases = Session.scalars(select(Complaint).where(Complaint.status == "upheld").order_by(Complaint.received_at)).all()
    found = []
    for complaint in cases:
        pending = sanctions_pending(complaint, decision_in_force(complaint), sanctions_of(complaint))
        if pending:
            found.append((complaint, pending))
    return found


def objections() -> Select:
    """Cases reopened by the complainant's keberatan, waiting for the head (the objection is the
    step's reason, ``status_reason``), oldest first."""
    return select(Complaint).where(Complaint.status == "reopened").order_by(Complaint.updated_at)


def sanction_answers() -> Select:
    """Proposed sanctions not recorded yet, on upheld cases: the officer's answer, or the wait, is there."""
    return (select(SanctionProposal).where(SanctionProposal.sanction_id.is_(None))
            .order_by(SanctionProposal.answer_due_at))


def counts(tenant: Tenant, user: User, lists: tuple[str, ...]) -> dict[str, int]:
    """How long each of these lists is now."""

    def count(statement: Select) -> int:
        entity = statement.column_descriptions[0]["entity"]
        return Session.scalar(statement.with_only_columns(func.count(entity.id)).order_by(None))

    queries = {
        "awaiting_verification": lambda: count(awaiting_verification()),
        "my_open_cases": lambda: count(my_open_cases(user)),
        "compensation_due_today": lambda: count(compensation_due_today(tenant)),
        "compensation_overdue": lambda: count(compensation_overdue()),
        "awaiting_assessment": lambda: count(awaiting_assessment()),
        "overrides": lambda: count(overrides()),
        "sanctions_pending": lambda: len(with_sanctions_pending()),
        "objections": lambda: count(objections()),
        "sanction_answers": lambda: count(sanction_answers()),
    }
    return {name: queries[name]() for name in lists}

