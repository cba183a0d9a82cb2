"""How late a service request is against its norm, in the kind of day the norm counts."""

from __future__ import annotations

from datetime import datetime

from core.decrees.contract import FactsError, Lateness, ServiceRequestFacts
from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.norms import TimeNorm


def clock_start(norm: TimeNorm, request: ServiceRequestFacts) -> datetime:
    if norm.clock_starts == "berkas_lengkap":
        start = request.documents_complete_at or request.received_at
    else:
        start = request.received_at or request.documents_complete_at
    if start is None:
        raise FactsError("service_request.received_at", "the request needs received_at (or documents_complete_at)")
    return start


def measure_lateness(norm: TimeNorm, request: ServiceRequestFacts, *, until: datetime, calendar: WorkingCalendar) -> Lateness:
    """Days beyond the deadline: working days for working norms, calendar days otherwise (interpretation)."""
    deadline = norm.deadline(clock_start(norm, request), calendar)
    end = request.completed_at or until
    days = 0.0 if end <= deadline else calendar.days_between(deadline, end, working=norm.working)
    return Lateness(days, norm.working, "service_request")
