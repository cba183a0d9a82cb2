"""The decision contract of DOMAIN.md as plain data: facts in, decision out.

Nothing here touches Flask or the database, so a plugin's rules are pure
functions over these types and can be tested on their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.timekeeping.calendar import WorkingCalendar
    from core.timekeeping.norms import TimeNorm


class FactsError(ValueError):
    """Facts that cannot be judged; names the field so the caller can fix it."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class ServiceRequestFacts:
    service: str | None = None
    received_at: datetime | None = None
    documents_complete_at: datetime | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True)
class Facts:
    """What happened. Only ``component`` is required; ``occurred_at`` defaults to now."""

    component: str
    occurred_at: datetime
    channel: str | None = None
    lateness_days: float | None = None
    service_request: ServiceRequestFacts | None = None
    conduct: str | None = None
    disruption: str | None = None
    user_in_jurisdiction: bool | None = None


@dataclass(frozen=True)
class DecreeInfo:
    """A decree's metadata, declared by its plugin."""

    plugin: str
    number: str
    title: str
    signed_on: date
    effective_from: date
    jurisdiction: str
    level: str
    scope: str
    source: str
    version: str
    kind: str = "kompensasi"  # or "standar_pelayanan"
    effective_until: date | None = None
    province: str | None = None
    notes: tuple[str, ...] = ()

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day < self.effective_until)


@dataclass(frozen=True)
class Compensation:
    code: str
    citation: str
    due_at: datetime | None = None


@dataclass
class Decision:
    """A decree's answer. ``severity`` is None where the decree grades nothing."""

    decree: DecreeInfo
    applies: bool
    severity: str | None = None
    compensations: list[Compensation] = field(default_factory=list)
    sanctions_required: list[str] = field(default_factory=list)
    sanctions_choose_one_of: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "decree": {
                "plugin": self.decree.plugin,
                "number": self.decree.number,
                "version": self.decree.version,
            },
            "applies": self.applies,
            "severity": self.severity,
            "compensations": [
                {
                    "code": c.code,
                    "due_at": c.due_at.isoformat() if c.due_at else None,
                    "citation": c.citation,
                }
                for c in self.compensations
            ],
            "sanctions": {
                "required": list(self.sanctions_required),
                "choose_one_of": list(self.sanctions_choose_one_of),
            },
            "citations": list(self.citations),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Lateness:
    """How late a request is, in days; ``working`` tells which kind of day."""

    days: float
    working: bool
    source: str  # "lateness_days" (given) or "service_request" (measured)


@dataclass
class EvaluationContext:
    """What a plugin may know beyond the facts: the tenant's calendar, catalogue and settings.

    Time arithmetic lives in ``core.timekeeping``; plugins reach it through
    ``calendar`` and :meth:`lateness`, never by adding hours themselves.
    """

    calendar: WorkingCalendar
    catalogue: Mapping[str, TimeNorm] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    tenant_slug: str | None = None

    def norm_for(self, service: str | None) -> TimeNorm:
        if not service:
            raise FactsError("service_request.service", "name the service type whose time norm applies")
        try:
            return self.catalogue[service]
        except KeyError:
            raise FactsError(
                "service_request.service", f"unknown service type {service!r} in this catalogue"
            ) from None

    def lateness(self, facts: Facts) -> Lateness:
        """Lateness beyond the norm: given as ``lateness_days``, else measured from the request."""
        if facts.lateness_days is not None:
            working = bool(self.settings.get("lateness_in_working_days", True))
            return Lateness(facts.lateness_days, working, "lateness_days")
        request = facts.service_request
        if request is None or (request.received_at is None and request.documents_complete_at is None):
            raise FactsError(
                "lateness_days",
                "a jangka_waktu breach needs lateness_days or a service_request with its times",
            )
        from core.timekeeping.lateness import measure_lateness

        norm = self.norm_for(request.service)
        return measure_lateness(norm, request, until=facts.occurred_at, calendar=self.calendar)
