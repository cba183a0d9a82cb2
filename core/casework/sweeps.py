"""What the scheduler's jobs do, as services: the breach sweep, the deadline warning, the
compensation watch and the daily summary. No Flask here: the scheduler (``core/jobs/scheduler.py``)
and ``flask scheduler run-once`` call these with the decree registry and the moment of now.

The jobs run across tenants. Each reads a group of tenants at a time under
``tenant_scope(group)`` (a scope of several tenants, as a province's view has), which is also the
``tenant_id IN (…)`` that lets every statement use an index leading with ``tenant_id``; each
writes under the scope of the one tenant the rows belong to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, String, and_, exists, func, select, type_coerce, update
from sqlalchemy.exc import IntegrityError

from core.agency.tenants import all_agencies
from core.casework import cases
from core.models.audit_trail import created_in_bulk
from core.platform.db import Session
from core.decrees.dispatch import TenantDecrees
from core.decrees.registry import DecreeRegistry
from core.models import AuditEvent, CaseDecision, Complaint, CompensationGiven, DailySummary, Notification, ServiceRequest, Tenant
from core.models.scope import tenant_scope
from core.vocabulary import OPEN_REQUEST_STATUSES

logger = logging.getLogger("kompensasi.sweeps")

TENANTS_PER_STATEMENT = 50  # tenants one statement reads: an IN list the index walks value by value
BATCH_SIZE = 500  # breaches opened per transaction
BATCHES_PER_STATEMENT = 10  # batches one statement reads: each read passes over the cases opened before it
MAX_CONFLICTS = 3  # batches in a row rolled back for meeting another sweep's cases, before giving up
COUNTED_OPEN = (*OPEN_REQUEST_STATUSES, "paused")  # open for the summary, its clock running or not
Heartbeat = Callable[[], None]


def _groups(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# -- the breach sweep --------------------------------------------------------------------

BREACH_COLUMNS = (  # an open request has no completed_at: its facts are "still open"
    ServiceRequest.tenant_id, ServiceRequest.id, ServiceRequest.service_type_id, ServiceRequest.reference,
    ServiceRequest.received_at, ServiceRequest.documents_complete_at, ServiceRequest.due_at,
    ServiceRequest.user_in_jurisdiction,
)


# A late request's key as the database stores it. The sweep reads thousands of keys only to hand
# them back to the database a batch at a time, so it does not turn each into a uuid.UUID: that
# conversion alone costs more than the index walk that finds them.
STORED_ID = type_coerce(ServiceRequest.id, String)


def late_requests_where(tenant_ids: Sequence[int], now: datetime) -> list:
    """Open requests of these tenants past their deadline with no case opened for it yet. The
    first three conditions are the index ``(tenant_id, status, due_at)``: equality on the first
    two (IN lists), a range on the third; the unique key ``(tenant_id, service_request_id,
    breach_kind)`` of complaints answers the NOT EXISTS."""
    case_opened = exists().where(
        Complaint.tenant_id == ServiceRequest.tenant_id, Complaint.service_request_id == ServiceRequest.id,
        Complaint.breach_kind == "late",
    )
    return [ServiceRequest.tenant_id.in_(tenant_ids), ServiceRequest.status.in_(OPEN_REQUEST_STATUSES),
            ServiceRequest.due_at < now, ~case_opened]


def late_requests(tenant_ids: Sequence[int], now: datetime, limit: int | None = BATCH_SIZE,
                  skip: Sequence[Any] = ()) -> Select:
    """The sweep's finding statement: the keys of the breaches, nothing more, so that it reads
    little beyond what a bare count reads; each batch then reads its rows by primary key, and
    learns their tenants from them."""
    statement = select(STORED_ID).where(*late_requests_where(tenant_ids, now))
    if skip:
        statement = statement.where(ServiceRequest.id.not_in(skip))
    return statement.limit(limit) if limit else statement


def find_late_requests(tenant_ids: Sequence[int], now: datetime, limit: int | None = BATCH_SIZE,
                       skip: Sequence[Any] = ()) -> list:
    """Run :func:`late_requests` in the current tenant scope. It runs on the session's connection,
    not through the ORM: a statement of one column that names its tenants itself needs none of the
    ORM's per-row result machinery, which costs more than the index walk (PostgreSQL's row-level
    security still filters it by the scope).

    On SQLite the keys come back as one ``group_concat`` string split here: the driver's cost of
    a result row (a tuple and a string per key) is of the order of the index walk itself, where
    one string of 50,000 keys costs a few milliseconds. PostgreSQL's rows arrive in a binary
    batch, and its keys as uuids the next statement takes back as they are."""
    statement = late_requests(tenant_ids, now, limit, skip)
    connection = Session.connection()
    if connection.dialect.name != "sqlite":
        return connection.execute(statement).scalars().all()
    keys = statement.subquery()
    joined = connection.execute(select(func.group_concat(keys.c[0], ","))).scalar()
    return joined.split(",") if joined else []


def breach_rows(tenant_ids: Sequence[int], request_ids: Sequence[Any], now: datetime) -> list:
    """The columns a breach's facts need, for a batch's requests, by primary key as
    :data:`STORED_ID` gives it (still open and late: a request completed since it was found is
    passed by). One statement for the batch, whatever the number of tenants in it."""
    return Session.execute(select(*BREACH_COLUMNS).where(
        ServiceRequest.tenant_id.in_(tenant_ids), STORED_ID.in_(request_ids),
        ServiceRequest.status.in_(OPEN_REQUEST_STATUSES), ServiceRequest.due_at < now,
    )).all()


def count_late_requests(tenant_ids: Sequence[int], now: datetime) -> Select:
    """The same condition as a bare ``SELECT COUNT(*)`` (the benchmark's yardstick)."""
    return select(func.count()).select_from(ServiceRequest).where(*late_requests_where(tenant_ids, now))


@dataclass
class SweepReport:
    opened: int = 0
    batches: int = 0
    asked_again: int = 0  # system cases whose decree was asked again
    now_applying: int = 0  # of those, the ones whose decree now applies (a new decision in force)
    failed: list[str] = field(default_factory=list)
    without_decree: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [f"{self.opened} case(s) opened in {self.batches} batch(es)"]
        if self.asked_again:
            lines.append(f"decree asked again on {self.asked_again} case(s); {self.now_applying} now apply")
        lines += [f"not judged: {slug} has no decree bound" for slug in self.without_decree]
        lines += [f"failed: {reason}" for reason in self.failed]
        return lines


def sweep_breaches(registry: DecreeRegistry, now: datetime, *, heartbeat: Heartbeat | None = None,
                   batch_size: int = BATCH_SIZE) -> SweepReport:
    """Open a case, with the tenant's decree decision, for every open request past its due_at
    that has none. One transaction per batch holds the cases and their decisions together: a
    sweep killed halfway leaves whole batches behind it and none half-written, and the next
    sweep carries on from there. Two sweeps at once cannot open a case twice: the unique key
    (tenant, request, breach kind) refuses the second one, whose batch is rolled back and read again."""
    report = SweepReport()
    judges: dict[int, TenantDecrees] = {}
    for group in _groups(all_agencies(), TENANTS_PER_STATEMENT):
        by_id = {tenant.id: tenant for tenant in group}
        skip: list[Any] = []
        conflicts = 0
        while True:
            ids = sorted(i for i, tenant in by_id.items() if tenant.slug not in report.without_decree)
            if not ids:
                break
            with tenant_scope(ids):
                found = find_late_requests(ids, now, batch_size * BATCHES_PER_STATEMENT, skip)
            if not found:
                break
            for start in range(0, len(found), batch_size):
                opened = _open_batch(registry, found[start:start + batch_size], ids, by_id, judges, now, report, skip)
                if heartbeat is not None:
                    heartbeat()
                if opened is None:
                    conflicts += 1
                    if conflicts > MAX_CONFLICTS:
                        raise RuntimeError("breach sweep: batches keep meeting existing cases; "
                                           "is another sweep running without the lease?")
                    break  # read the group again: the other sweep's cases drop out of it
                conflicts = 0
                report.batches += 1
                report.opened += opened
            else:
                if len(found) < batch_size * BATCHES_PER_STATEMENT:
                    break
    ask_decrees_again(registry, now, report, heartbeat=heartbeat)
    return report


def _open_batch(registry: DecreeRegistry, keys: list, group: list[int], by_id: dict[int, Tenant],
                judges: dict[int, TenantDecrees], now: datetime, report: SweepReport, skip: list[Any]) -> int | None:
    """One transaction: the batch's cases and decisions, all or none, read in one statement and
    written in one statement per table, under the scope of the group's tenants (a batch spans
    many tenants: a statement per tenant would cost more than the rows it writes). A batch that
    meets a case another sweep opened meanwhile (the unique key) is rolled back whole and read
    again, without that request. A tenant with no decree bound is reported, and left out of the
    group's next reads."""
    if any(tenant_id not in judges for tenant_id in group):
        judges.update(TenantDecrees.load(registry, list(by_id.values())))
    complaints, decisions = [], []
    try:
        with tenant_scope(group):
            for row in breach_rows(group, keys, now):
                judge = judges[row.tenant_id]
                if not judge.bindings:
                    if by_id[row.tenant_id].slug not in report.without_decree:
                        report.without_decree.append(by_id[row.tenant_id].slug)
                    continue
                try:
                    complaint, decision = cases.breach_case(judge, row, now)
                except Exception as exc:  # one request's bad facts must not stop every other case
                    slug = by_id[row.tenant_id].slug
                    logger.exception("breach of request %s (%s) not judged", row.reference, slug)
                    report.failed.append(f"{slug} {row.reference}: {exc}")
                    skip.append(row.id)
                    continue
                complaints.append(complaint)
                decisions.append(decision)
            cases.write_breach_cases(complaints, decisions)
        Session.commit()
    except IntegrityError:
        Session.rollback()
        logger.info("a batch met cases another sweep opened meanwhile; reading it again")
        return None
    except Exception:
        Session.rollback()
        raise
    return len(complaints)


# -- asking the decree again ---------------------------------------------------------------

ASKED_AGAIN = ("Ditanyakan ulang oleh sistem: batas waktu keputusan sendiri kini terlampaui "
               "(asked again by the breach sweep: the decree's own limit has now run out)")
ASKABLE_STATUSES = ("received", "verified")  # before the head takes the case up: then it is theirs


def ask_decrees_again(registry: DecreeRegistry, now: datetime, report: SweepReport, *,
                      heartbeat: Heartbeat | None = None) -> None:
    """Ask the decree again about the system's cases opened before the decree's own limit ran
    out (``Complaint.ask_decree_again``): once it applies, its decision supersedes the first
    one; once the request is finished, the first answer stands and nobody asks again. Only while
    no one has taken the case up: under assessment, the head decides (and may ask again)."""
    request_columns = [column for column in BREACH_COLUMNS if column.key != "tenant_id"]
    for group in _groups(all_agencies(), TENANTS_PER_STATEMENT):
        ids = [tenant.id for tenant in group]
        with tenant_scope(ids):
            rows = Session.execute(
                select(Complaint.tenant_id, Complaint.id.label("complaint_id"), *request_columns,
                       ServiceRequest.completed_at)
                .join(ServiceRequest, and_(ServiceRequest.tenant_id == Complaint.tenant_id,
                                           ServiceRequest.id == Complaint.service_request_id))
                .where(Complaint.tenant_id.in_(ids), Complaint.ask_decree_again.is_(True),
                       Complaint.status.in_(ASKABLE_STATUSES))
            ).all()
        if not rows:
            continue
        judges = TenantDecrees.load(registry, [tenant for tenant in group if tenant.id in {r.tenant_id for r in rows}])
        for batch in _groups(rows, BATCH_SIZE):
            _ask_batch(judges, batch, ids, now, report)
            if heartbeat is not None:
                heartbeat()


def _ask_batch(judges: dict[int, TenantDecrees], batch: Sequence[Any], ids: list[int], now: datetime,
               report: SweepReport) -> None:
    decided, settled = [], []
    for row in batch:
        judge = judges[row.tenant_id]
        if not judge.bindings:
            continue
        raw, decision = cases.system_judgement(judge, row, now)
        report.asked_again += 1
        if decision.applies:
            decided.append(cases.decision_record(judge, row.complaint_id, raw, decision, reason=ASKED_AGAIN))
        if decision.applies or row.completed_at is not None:
            settled.append(row.complaint_id)
    if not settled:
        return
    try:
        with tenant_scope(ids):
            # Settled first, guarded by the flag: a second sweep that asked the same cases meanwhile
            # changes fewer rows than it meant to, and its batch is given up whole.
            claimed = Session.execute(
                update(Complaint).where(Complaint.tenant_id.in_(ids), Complaint.id.in_(settled),
                                        Complaint.ask_decree_again.is_(True))
                .values(ask_decree_again=False, version=Complaint.version + 1),
                execution_options={"synchronize_session": False})
            if claimed.rowcount != len(settled):
                Session.rollback()
                return
            if decided:
                Session.execute(
                    update(CaseDecision).where(CaseDecision.tenant_id.in_(ids),
                                               CaseDecision.complaint_id.in_([d["complaint_id"] for d in decided]),
                                               CaseDecision.superseded_at.is_(None))
                    .values(superseded_at=now), execution_options={"synchronize_session": False})
                created_in_bulk(Session, CaseDecision, decided)
        Session.commit()
    except Exception:
        Session.rollback()
        raise
    report.now_applying += len(decided)


# -- the deadline warning ----------------------------------------------------------------

def warn_before_deadlines(now: datetime, *, heartbeat: Heartbeat | None = None) -> int:
    """Warn whoever recorded each open request (else the tenant's petugas) once its warning share
    of the norm has run and its deadline has not: ``warned_at`` is set by the same statement that
    picks the request, so a warning is given once however many times the job runs."""
    warned = 0
    for group in _groups(all_agencies(), TENANTS_PER_STATEMENT):
        for tenant in group:
            with tenant_scope(tenant.id):
                claimed = Session.execute(
                    update(ServiceRequest)
                    .where(ServiceRequest.tenant_id == tenant.id, ServiceRequest.status.in_(OPEN_REQUEST_STATUSES),
                           ServiceRequest.warn_at <= now, ServiceRequest.due_at > now,
                           ServiceRequest.warned_at.is_(None))
                    .values(warned_at=now)
                    .returning(ServiceRequest.reference, ServiceRequest.due_at, ServiceRequest.created_by)
                    .execution_options(synchronize_session=False)
                ).all()
                zone = ZoneInfo(tenant.timezone)
                for reference, due_at, created_by in claimed:
                    Session.add(Notification(
                        tenant_id=tenant.id, recipient_user_id=created_by,
                        recipient_role=None if created_by else "petugas", kind="deadline_warning",
                        message=f"Permohonan {reference} mendekati tenggat: {due_at.astimezone(zone):%d-%m-%Y %H:%M}.",
                    ))
                Session.commit()
            warned += len(claimed)
        if heartbeat is not None:
            heartbeat()
    return warned


# -- the compensation watch --------------------------------------------------------------

def escalate_overdue_compensation(now: datetime, *, heartbeat: Heartbeat | None = None) -> int:
    """Compensation past its due_at and not given goes to the head: a notification to the
    tenant's pimpinan and an ``escalate`` event on the case's audit trail, once (``escalated_at``
    is set by the statement that picks the item)."""
    escalated = 0
    for group in _groups(all_agencies(), TENANTS_PER_STATEMENT):
        for tenant in group:
            with tenant_scope(tenant.id):
                claimed = Session.execute(
                    update(CompensationGiven)
                    .where(CompensationGiven.tenant_id == tenant.id, CompensationGiven.due_at < now,
                           CompensationGiven.given_at.is_(None), CompensationGiven.escalated_at.is_(None))
                    .values(escalated_at=now)
                    .returning(CompensationGiven.id, CompensationGiven.complaint_id, CompensationGiven.code,
                               CompensationGiven.due_at)
                    .execution_options(synchronize_session=False)
                ).all()
                zone = ZoneInfo(tenant.timezone)
                for item_id, complaint_id, code, due_at in claimed:
                    tracking = Session.scalar(select(Complaint.tracking_code).where(Complaint.id == complaint_id))
                    Session.add(Notification(
                        tenant_id=tenant.id, complaint_id=complaint_id, recipient_role="pimpinan",
                        kind="compensation_overdue",
                        message=(f"Kompensasi {code} pada kasus {tracking} lewat tenggat "
                                 f"{due_at.astimezone(zone):%d-%m-%Y %H:%M} dan belum diberikan."),
                    ))
                    Session.add(AuditEvent(
                        tenant_id=tenant.id, entity="complaints", entity_id=str(complaint_id), action="escalate",
                        actor_id=None, at=now,
                        after={"compensation_id": str(item_id), "code": code, "due_at": due_at.isoformat(),
                               "escalated_to": "pimpinan"},
                    ))
                Session.commit()
            escalated += len(claimed)
        if heartbeat is not None:
            heartbeat()
    return escalated


# -- the daily summary -------------------------------------------------------------------

def summarise(tenant: Tenant, now: datetime) -> dict[str, int]:
    """The tenant's counts now: open requests, at risk (warning share run, deadline not), late
    (deadline passed, still open), compensation overdue (past due_at, not given)."""
    running = ServiceRequest.status.in_(OPEN_REQUEST_STATUSES)
    with tenant_scope(tenant.id):
        def count(model, *where) -> int:
            return Session.scalar(select(func.count()).select_from(model).where(model.tenant_id == tenant.id, *where))

        return {
            "open_requests": count(ServiceRequest, ServiceRequest.status.in_(COUNTED_OPEN)),
            "at_risk": count(ServiceRequest, running, ServiceRequest.warn_at <= now, ServiceRequest.due_at > now),
            "late": count(ServiceRequest, running, ServiceRequest.due_at < now),
            "overdue_compensation": count(CompensationGiven, CompensationGiven.due_at < now,
                                          CompensationGiven.given_at.is_(None)),
        }


def store_daily_summaries(now: datetime, *, heartbeat: Heartbeat | None = None) -> int:
    """Each tenant's summary for its own today, stored (replacing one computed earlier today)."""
    stored = 0
    for group in _groups(all_agencies(), TENANTS_PER_STATEMENT):
        for tenant in group:
            counts = summarise(tenant, now)
            day = now.astimezone(ZoneInfo(tenant.timezone)).date()
            with tenant_scope(tenant.id):
                row = Session.scalar(select(DailySummary).where(DailySummary.day == day))
                if row is None:
                    row = DailySummary(tenant_id=tenant.id, day=day)
                    Session.add(row)
                for key, value in counts.items():
                    setattr(row, key, value)
                row.computed_at = now
                Session.commit()
            stored += 1
        if heartbeat is not None:
            heartbeat()
    return stored


def daily_summaries(tenant: Tenant, days: int = 7) -> list[DailySummary]:
    """The tenant's stored summaries, newest first."""
    with tenant_scope(tenant.id):
        return list(Session.scalars(select(DailySummary).order_by(DailySummary.day.desc()).limit(days)))
