"""How late a service request is against its norm, in the kind of day the norm counts.

Pure time arithmetic: it knows service requests by their three moments (received,
documents complete, completed) and nothing of the decrees that judge them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.timekeeping.calendar import ClockStopped, WorkingCalendar
from core.timekeeping.norms import TimeNorm


class RequestTimes(Protocol):
    """The moments of a service request: request facts and stored requests alike."""

    received_at: datetime | None
    documents_complete_at: datetime | None
    completed_at: datetime | None


@dataclass(frozen=True)
class Lateness:
    """How late, in days beyond the deadline; ``working`` tells which kind of day.

    ``source`` is ``"given"`` (a figure someone supplied) or ``"measured"`` (from the
    request's times). ``stopped_since`` is set when the deadline lies behind a keadaan
    kahar that has not ended: the request cannot be late yet.
    """

    days: float
    working: bool
    source: str
    deadline: datetime | None = None
    stopped_since: datetime | None = None


class ClockNotStarted(ValueError):
    """The norm runs from a moment the request does not have (``missing`` names it)."""

    def __init__(self, missing: str, norm: TimeNorm):
        super().__init__(f"the norm {norm.text!r} runs from {missing}; give it")
        self.missing = missing


def clock_start(norm: TimeNorm, request: RequestTimes) -> datetime | None:
    """When the norm's clock starts: at berkas lengkap where the norm says so, else on receipt.
    None while it has not started."""
    if norm.clock_starts == "berkas_lengkap":
        return request.documents_complete_at
    return request.received_at


def request_deadline(norm: TimeNorm, request: RequestTimes, calendar: WorkingCalendar) -> datetime | None:
    """The request's deadline; None before its clock starts or while a keadaan kahar holds it."""
    start = clock_start(norm, request)
    if start is None:
        return None
    try:
        return norm.deadline(start, calendar)
    except ClockStopped:
        return None


def measure_lateness(norm: TimeNorm, request: RequestTimes, *, until: datetime, calendar: WorkingCalendar) -> Lateness:
    """Days beyond the deadline: working days for working norms, calendar days otherwise."""
    start = clock_start(norm, request)
    if start is None:
        raise ClockNotStarted("documents_complete_at" if norm.clock_starts == "berkas_lengkap" else "received_at", norm)
    try:
        deadline = norm.deadline(start, calendar)
    except ClockStopped as stopped:
        return Lateness(0.0, norm.working, "measured", None, stopped.since)
    end = request.completed_at or until
    if end <= deadline:
        return Lateness(0.0, norm.working, "measured", deadline)
    return Lateness(norm.calendar_for(calendar).days_between(deadline, end, working=norm.working), norm.working,
                    "measured", deadline)


def request_warning(norm: TimeNorm, request: RequestTimes, calendar: WorkingCalendar, share: float) -> datetime | None:
    """When ``share`` of the request's norm has run (0.8: four fifths of it), counted in the norm's
    own kind of time from the moment its clock starts; None where there is no deadline either."""
    start = clock_start(norm, request)
    if start is None:
        return None
    try:
        return norm.calendar_for(calendar).add(start, norm.maximum * share, norm.unit, working=norm.working)
    except ClockStopped:
        return None
