"""The provincial view's rollups: each agency's counts per month, recomputed from the requests
and cases of that month and stored in ``indicator_rollups``.

Kept current by the scheduler's ``province-rollup`` job (every 15 minutes: the current and the
previous month of every agency) and rebuilt whole by ``flask province rollup`` (every month an
agency has data for; ``flask demo seed`` runs it). Recomputing a month replaces its rows, so
either can run any number of times (idempotent). A page reads only these rows.

Which month a count belongs to (the agency's own calendar):

========================  =====================================================================
metric                    counted in the month of
========================  =====================================================================
served                    a request's completion (``completed_at``)
served_with_norm          … a served request that had a deadline (``due_at``)
served_on_time            … completed at or before its deadline
completion_hours          … received → completed, as a duration bucket (``hours``)
response_hours            … received → documents complete (berkas lengkap), as a bucket
complaints                a case's receipt (every origin: citizen, officer, system)
assessed                  … assessed by the head (terbukti or tidak terbukti)
upheld                    … assessed terbukti: a breach of the standard
breach_component          … upheld, by the component breached (``key``)
breach_category           … upheld, by the category of the decision in force (``tanpa_kategori``
                          where the decree grades none)
maladministration         … upheld, by the Ombudsman's label
override                  a decision in force that the head overrode, in the month it was decided
sanction                  a sanction decided, by its code
officer_upheld            … by the officer named: each case once, however many sanctions
compensation_due          a compensation item's due time
compensation_on_time      … given at or before it
compensation_hours        an item given: the case's receipt → given, as a bucket
========================  =====================================================================
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, func, insert, select

from core.platform.db import Session, utcnow
from core.models import (
    CaseDecision, Complaint, CompensationGiven, IndicatorRollup, SanctionGiven, ServiceRequest, Tenant,
)
from core.models.cases import decision_in_force
from core.province.periods import add_months, months_between
from core.models.scope import all_tenants, tenant_scope

HISTOGRAMS = ("completion_hours", "response_hours", "compensation_hours")
NO_CATEGORY, NO_LABEL = "tanpa_kategori", "tanpa_label"
UPHELD = "terbukti"


def duration_bucket(seconds: float) -> int:
    """A duration as the upper edge of its bucket, in hours: whole hours up to a day, six hours
    up to a week, a day up to 60 days, 30 days beyond. A median or a 90th percentile read from
    the buckets is the edge of the bucket holding it: exact to the hour for the first day."""
    hours = max(0, math.ceil(seconds / 3600))
    for limit, step in ((24, 1), (168, 6), (1440, 24)):
        if hours <= limit:
            return math.ceil(hours / step) * step
    return math.ceil(hours / 720) * 720


def month_bounds(month: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The month in the agency's zone, as UTC instants [start, end)."""
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    end = datetime.combine(add_months(month, 1), datetime.min.time(), tzinfo=zone)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def _month_of(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date().replace(day=1)


def compute(tenant: Tenant, months: Iterable[date]) -> Counter:
    """Every count of the agency in these months, from its requests and cases:
    ``{(month, metric, key, hours): count}``. Reads only rows whose moment falls in the range."""
    months = sorted(set(months))
    if not months:
        return Counter()
    zone = ZoneInfo(tenant.timezone)
    start, end = month_bounds(months[0], zone)[0], month_bounds(months[-1], zone)[1]
    # Every month from the first to the last by its start in UTC: a moment's month is found by
    # bisection (a zone conversion per value would cost more than the rest of the work).
    span = months_between(months[0], months[-1])
    starts = [month_bounds(month, zone)[0] for month in span]
    wanted = set(months)
    counts: Counter = Counter()

    def add(moment: datetime, metric: str, key: str = "", hours: int = 0) -> None:
        index = bisect_right(starts, moment) - 1
        if index >= 0 and span[index] in wanted:
            counts[(span[index], metric, key, hours)] += 1

    with tenant_scope(tenant.id):
        requests = select(ServiceRequest.received_at, ServiceRequest.documents_complete_at,
                          ServiceRequest.completed_at, ServiceRequest.due_at).where(
            ServiceRequest.completed_at >= start, ServiceRequest.completed_at < end)
        for received, documents, completed, due in Session.execute(requests.execution_options(yield_per=20_000)):
            add(completed, "served")
            if due is not None:
                add(completed, "served_with_norm")
                if completed <= due:
                    add(completed, "served_on_time")
            add(completed, "completion_hours", hours=duration_bucket((completed - received).total_seconds()))
            if documents is not None:
                add(completed, "response_hours", hours=duration_bucket((documents - received).total_seconds()))

        cases = (select(Complaint.received_at, Complaint.assessment, Complaint.component, Complaint.maladministration,
                        CaseDecision.decision)
                 .outerjoin(CaseDecision, decision_in_force())
                 .where(Complaint.received_at >= start, Complaint.received_at < end))
        for received, assessment, component, label, decision in Session.execute(cases):
            add(received, "complaints")
            if assessment is not None:
                add(received, "assessed")
            if assessment == UPHELD:
                add(received, "upheld")
                add(received, "breach_component", component)
                add(received, "breach_category", ((decision or {}).get("severity")) or NO_CATEGORY)
                add(received, "maladministration", label or NO_LABEL)

        decisions = select(CaseDecision.decided_at, CaseDecision.override).where(
            CaseDecision.decided_at >= start, CaseDecision.decided_at < end, CaseDecision.superseded_at.is_(None))
        for decided, override in Session.execute(decisions):
            if override:
                add(decided, "override")

        sanctions = select(SanctionGiven.decided_at, SanctionGiven.code, SanctionGiven.officer_name,
                           SanctionGiven.complaint_id).where(SanctionGiven.decided_at >= start, SanctionGiven.decided_at < end)
        officers_cases = set()
        for decided, code, officer, complaint_id in Session.execute(sanctions):
            add(decided, "sanction", code)
            name = " ".join(officer.split())[:64]
            if (name, complaint_id) not in officers_cases:  # one case, however many sanctions, counts once
                officers_cases.add((name, complaint_id))
                add(decided, "officer_upheld", name)

        due_items = select(CompensationGiven.due_at, CompensationGiven.given_at).where(
            CompensationGiven.due_at >= start, CompensationGiven.due_at < end)
        for due, given in Session.execute(due_items):
            add(due, "compensation_due")
            if given is not None and given <= due:
                add(due, "compensation_on_time")

        given_items = (select(CompensationGiven.given_at, Complaint.received_at)
                       .join(Complaint, and_(Complaint.id == CompensationGiven.complaint_id,
                                             Complaint.tenant_id == CompensationGiven.tenant_id))
                       .where(CompensationGiven.given_at >= start, CompensationGiven.given_at < end))
        for given, received in Session.execute(given_items):
            add(given, "compensation_hours", hours=duration_bucket((given - received).total_seconds()))
    return counts


def store(tenant: Tenant, months: Iterable[date], counts: Counter) -> int:
    """Replace the agency's rows of these months with ``counts``; returns the rows written."""
    months = sorted(set(months))
    now = utcnow()
    rows = [{"tenant_id": tenant.id, "month": month, "metric": metric, "key": key, "hours": hours, "count": count,
             "computed_at": now} for (month, metric, key, hours), count in sorted(counts.items()) if count]
    with tenant_scope(tenant.id):
        Session.execute(delete(IndicatorRollup).where(IndicatorRollup.month.in_(months)))
        if rows:
            Session.execute(insert(IndicatorRollup), rows)
    return len(rows)


def refresh(tenant: Tenant, months: Iterable[date]) -> int:
    """Recompute these months of one agency and store them, in the caller's transaction."""
    months = list(months)
    return store(tenant, months, compute(tenant, months))


def months_with_data(tenant: Tenant) -> list[date]:
    """From the month of the agency's first request or case to this month."""
    zone = ZoneInfo(tenant.timezone)
    with tenant_scope(tenant.id):
        firsts = [Session.scalar(select(func.min(ServiceRequest.received_at))),
                  Session.scalar(select(func.min(Complaint.received_at)))]
    firsts = [moment for moment in firsts if moment is not None]
    if not firsts:
        return []
    return months_between(_month_of(min(firsts), zone), _month_of(utcnow(), zone))


def all_agencies() -> list[Tenant]:
    with all_tenants("the provincial rollups cover every agency"):
        return list(Session.scalars(select(Tenant).order_by(Tenant.id)))


def rebuild(tenants: Iterable[Tenant] | None = None, progress=None) -> int:
    """Every month of every agency (or of those given), one agency per transaction."""
    written = 0
    for tenant in tenants if tenants is not None else all_agencies():
        written += refresh(tenant, months_with_data(tenant))
        Session.commit()
        if progress is not None:
            progress(tenant)
    return written


def refresh_recent(now: datetime, heartbeat=None) -> int:
    """The scheduler's job: the current and the previous month of every agency (a case changes
    mostly while it is young; ``flask province rollup`` rebuilds older months)."""
    written = 0
    for tenant in all_agencies():
        this_month = _month_of(now, ZoneInfo(tenant.timezone))
        written += refresh(tenant, [add_months(this_month, -1), this_month])
        Session.commit()
        if heartbeat is not None:
            heartbeat()
    return written


def stored(tenant: Tenant, months: Iterable[date]) -> Counter:
    """The rows stored for these months, in the shape :func:`compute` returns."""
    with tenant_scope(tenant.id):
        rows = Session.execute(select(IndicatorRollup.month, IndicatorRollup.metric, IndicatorRollup.key,
                                      IndicatorRollup.hours, IndicatorRollup.count)
                               .where(IndicatorRollup.month.in_(list(months))))
        return Counter({(month, metric, key, hours): count for month, metric, key, hours, count in rows})

