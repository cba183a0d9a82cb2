"""The rows behind a figure of the provincial view: the cases (or the requests) a figure counts,
for one agency and period, so that a provincial admin can open what a number is made of.

Each figure reads the rows the rollups count for it (``core/province/rollups.py`` says which moment puts a
row in a month), newest first and at most ``SHOWN``. Some figures are requests, not cases (a
request served late has no case unless someone complained): those come back as requests. The
caller shows neither who complained nor what they wrote, nor an applicant's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, exists, select

from core.platform.db import Session
from core.platform.domain_errors import Invalid
from core.models import CaseDecision, Complaint, CompensationGiven, SanctionGiven, ServiceRequest, Tenant
from core.models.cases import decision_in_force
from core.province.periods import Period
from core.province.rollups import NO_CATEGORY, NO_LABEL, UPHELD, month_bounds
from core.models.scope import tenant_scope
from core.vocabulary import OPEN_REQUEST_STATUSES

SHOWN = 500
KEY_LENGTH = 100  # the longest key a figure has (a component, a label, an officer's name is 64)


@dataclass
class Behind:
    """What a figure is made of: cases, requests, or (for the open overdue figure) both."""
    figure: str
    key: str
    cases: list[Complaint] = field(default_factory=list)
    requests: list[ServiceRequest] = field(default_factory=list)
    shows_cases: bool = True
    shows_requests: bool = False


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime
    now: datetime

    def holds(self, column):
        return and_(column >= self.start, column < self.end)


def _received(span: Span) -> Select:
    return select(Complaint).where(span.holds(Complaint.received_at))


def _upheld(span: Span) -> Select:
    return _received(span).where(Complaint.assessment == UPHELD)


def _with_item(*where) -> Select:
    return select(Complaint).where(exists().where(
        CompensationGiven.tenant_id == Complaint.tenant_id, CompensationGiven.complaint_id == Complaint.id, *where))


def _in_force() -> Select:
    """Cases with their decision in force."""
    return select(Complaint, CaseDecision).join(CaseDecision, decision_in_force())


def _sanctioned(span: Span, *where) -> Select:
    return select(Complaint).where(exists().where(
        SanctionGiven.tenant_id == Complaint.tenant_id, SanctionGiven.complaint_id == Complaint.id,
        span.holds(SanctionGiven.decided_at), *where))


def _officer(name: str) -> str:
    """An officer's name as the rollups key it (spaces folded, 64 characters)."""
    return " ".join(name.split())[:64]


# figure -> the statement of the cases it counts (the key: a component, a label, a sanction's code)
CaseQuery = Callable[[Span, str], Select]
CASE_FIGURES: dict[str, CaseQuery] = {
    "complaints": lambda span, key: _received(span),
    "upheld": lambda span, key: _upheld(span),
    "breach_component": lambda span, key: _upheld(span).where(Complaint.component == key),
    "maladministration": lambda span, key: _upheld(span).where(
        Complaint.maladministration.is_(None) if key == NO_LABEL else Complaint.maladministration == key),
    "sanction": lambda span, key: _sanctioned(span, *([SanctionGiven.code == key] if key else [])),
    "compensation_due": lambda span, key: _with_item(span.holds(CompensationGiven.due_at)),
    "compensation_late": lambda span, key: _with_item(
        span.holds(CompensationGiven.due_at),
        (CompensationGiven.given_at.is_(None)) | (CompensationGiven.given_at > CompensationGiven.due_at)),
    "compensated": lambda span, key: _with_item(span.holds(CompensationGiven.given_at)),
    "compensation_overdue": lambda span, key: _with_item(
        CompensationGiven.due_at < span.now, CompensationGiven.given_at.is_(None)),
}
# Figures whose rows a JSON value or a folded name decides: read in SQL, kept in Python.
FILTERED_FIGURES = ("breach_category", "override", "officer")
REQUEST_FIGURES = {
    "served": lambda span: select(ServiceRequest).where(span.holds(ServiceRequest.completed_at)),
    "served_late": lambda span: select(ServiceRequest).where(
        span.holds(ServiceRequest.completed_at), ServiceRequest.due_at.is_not(None),
        ServiceRequest.completed_at > ServiceRequest.due_at),
    "late_open": lambda span: select(ServiceRequest).where(
        ServiceRequest.status.in_(OPEN_REQUEST_STATUSES), ServiceRequest.due_at < span.now),
}
KEYED = ("breach_component", "breach_category", "maladministration", "officer")  # a key is required
FIGURES = (*CASE_FIGURES, *FILTERED_FIGURES, *REQUEST_FIGURES, "open_overdue")


def _filtered(span: Span, figure: str, key: str) -> list[Complaint]:
    if figure == "officer":
        rows = Session.execute(select(Complaint, SanctionGiven.officer_name).join(SanctionGiven, and_(
            SanctionGiven.tenant_id == Complaint.tenant_id, SanctionGiven.complaint_id == Complaint.id))
            .where(span.holds(SanctionGiven.decided_at)).order_by(Complaint.received_at.desc()))
        return _first_distinct(case for case, name in rows if _officer(name) == key)
    if figure == "override":
        rows = Session.execute(_in_force().where(span.holds(CaseDecision.decided_at))
                               .order_by(Complaint.received_at.desc()))
        return _first_distinct(case for case, decision in rows if decision.override)
    rows = Session.execute(_upheld(span).add_columns(CaseDecision.decision)
                           .outerjoin(CaseDecision, decision_in_force()).order_by(Complaint.received_at.desc()))
    return _first_distinct(case for case, decision in rows if ((decision or {}).get("severity") or NO_CATEGORY) == key)


def _first_distinct(cases) -> list[Complaint]:
    seen, kept = set(), []
    for case in cases:
        if case.id not in seen:
            seen.add(case.id)
            kept.append(case)
            if len(kept) == SHOWN:
                break
    return kept


def rows_behind(tenant: Tenant, period: Period, figure: str, key: str, now: datetime) -> Behind:
    """The cases or requests behind one figure of one agency in the period (``now`` for the
    figures of what is overdue today). An unknown figure, or a keyed one without its key, is
    :class:`Invalid` naming the field."""
    if figure not in FIGURES:
        raise Invalid(f"no figure {figure!r} lists cases; one of: {', '.join(FIGURES)}",
                      {"figure": [f"one of: {', '.join(FIGURES)}"]})
    if figure in KEYED and not key:
        raise Invalid(f"the figure {figure!r} needs a key", {"key": ["required for this figure"]})
    if len(key) > KEY_LENGTH:
        raise Invalid("the key is longer than any figure's key", {"key": [f"at most {KEY_LENGTH} characters"]})
    zone = ZoneInfo(tenant.timezone)
    span = Span(month_bounds(period.first, zone)[0], month_bounds(period.last, zone)[1], now)
    behind = Behind(figure, key)
    with tenant_scope(tenant.id):
        if figure in REQUEST_FIGURES or figure == "open_overdue":
            statement = REQUEST_FIGURES.get(figure, REQUEST_FIGURES["late_open"])(span)
            order = ServiceRequest.due_at if figure in ("late_open", "open_overdue") else ServiceRequest.completed_at
            behind.requests = list(Session.scalars(statement.order_by(order.desc()).limit(SHOWN)))
            behind.shows_requests, behind.shows_cases = True, figure == "open_overdue"
        if figure in FILTERED_FIGURES:
            behind.cases = _filtered(span, figure, key)
        elif behind.shows_cases:
            query = CASE_FIGURES["compensation_overdue" if figure == "open_overdue" else figure]
            behind.cases = list(Session.scalars(query(span, key).order_by(Complaint.received_at.desc()).limit(SHOWN)))
    return behind
