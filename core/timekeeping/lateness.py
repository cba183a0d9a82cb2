"""How late a service request is against its norm, in the kind of day the norm counts."""

from __future__ import annotations

from datetime import datetime

from core.decrees.contract import FactsError, Lateness, ServiceRequestFacts
from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.norms import TimeNorm


def clock_start(norm: TimeNorm, request: ServiceRequestFacts) -> datetime | None:
    """When the norm's clock starts: at berkas lengkap where the norm says so, else on receipt.
    None while it has not started. Takes request facts or a stored request alike."""
    if norm.clock_starts == "berkas_lengkap":
        return request.documents_complete_at
    return request.received_at


def measure_lateness(norm: TimeNorm, request: ServiceRequestFacts, *, until: datetime, calendar: WorkingCalendar) -> Lateness:
    """Days beyond the deadline: working days for working norms, calendar days otherwise (interpretation)."""
    start = clock_start(norm, request)
    if start is None:
        field = "documents_complete_at" if norm.clock_starts == "berkas_lengkap" else "received_at"
        raise FactsError(f"service_request.{field}", f"the norm {norm.text!r} runs from {field}; give it")
    deadline = norm.deadline(start, calendar)
    end = request.completed_at or until
    days = 0.0 if end <= deadline else calendar.days_between(deadline, end, working=norm.working)
    return Lateness(days, norm.working, "service_request")
