"""The decision contract as plain data: facts in; a classification, compensations and a
sanction ruling out; the core composes them into one decision.

Nothing here touches Flask or the database, so a plugin's rules are pure
functions over these types and can be tested on their own. The vocabulary and
the meaning of each field are in ``docs/domain.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from core.decrees.schemas import DECISION
from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.lateness import ClockNotStarted, Lateness, measure_lateness
from core.timekeeping.norms import TimeNorm

__all__ = [
    "Classification", "Compensation", "Decision", "DecreeInfo", "EvaluationContext", "Facts", "FactsError",
    "Lateness", "SanctionRuling", "ServiceRequestFacts", "Situation", "Violation", "unique",
]


class FactsError(ValueError):
    """Facts that cannot be judged; names each field so the caller can fix it.

    ``FactsError("conduct", "give …")`` names one field; ``also`` names more,
    e.g. the alternatives that would each have sufficed.
    """

    def __init__(self, field_name: str, message: str, *, also: Mapping[str, str] | None = None):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message
        self.fields: dict[str, list[str]] = {field_name: [message]}
        for name, text in (also or {}).items():
            self.fields.setdefault(name, []).append(text)


@dataclass(frozen=True)
class ServiceRequestFacts:
    service: str | None = None
    received_at: datetime | None = None
    documents_complete_at: datetime | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True)
class Facts:
    """What happened. Only ``component`` is required; ``occurred_at`` defaults to now.

    ``complaint_received_at`` is when the agency received the complaint (the claim),
    which is not when the incident occurred: deadlines that run "after the complaint"
    run from it.
    """

    component: str
    occurred_at: datetime
    channel: str | None = None
    lateness_days: float | None = None
    service_request: ServiceRequestFacts | None = None
    conduct: str | None = None
    disruption: str | None = None
    user_in_jurisdiction: bool | None = None
    complaint_received_at: datetime | None = None

    @property
    def claimed_at(self) -> datetime:
        """When the claim was made: the complaint's receipt, else (a breach the platform
        detected, or a complaint whose receipt was not given) when the facts occurred."""
        return self.complaint_received_at or self.occurred_at


@dataclass(frozen=True)
class DecreeInfo:
    """A decree's metadata, declared by its plugin.

    ``kahar_clause`` cites the clause by which keadaan kahar stops the decree's time
    norm; None where the decree says nothing of kahar (then only a tenant setting
    stops its clocks, and the decision says so).
    """

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
    kahar_clause: str | None = None
    # A draft: a decree being written, installed to be tried (replayed over an agency's past
    # cases) and never bound to an agency; ``[decree] draft = true`` in its tables.
    draft: bool = False
    # The claim rules of a decree that has them (Kota Bekasi, Lampiran C.2): a claim during keadaan
    # kahar is made once the state is over, so a time complaint filed meanwhile is held
    # (``kahar_claim_clause``); a ringan breach is claimed orally and the officer apologises on
    # the spot (``oral_claim_clause``). None where the decree says nothing of it.
    kahar_claim_clause: str | None = None
    oral_claim_clause: str | None = None

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day < self.effective_until)

    def ref(self) -> dict[str, str]:
        return {"plugin": self.plugin, "number": self.number, "version": self.version}


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order, each once (citations and notes gathered from several answers)."""
    return list(dict.fromkeys(items))


# -- the three answers ----------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One breach the decree recognises in the facts.

    ``form`` is the decree's own axis: ``waktu`` or ``cara`` (Kota Bekasi), ``gangguan``,
    or a component code (decrees that compensate per component). ``rule`` is the
    plugin's own key for the row that matched, so its other hooks can look it up.
    ``cause`` is set when the breach is not an officer's doing (``gangguan``).
    """

    form: str
    citation: str
    severity: str | None = None
    rule: str = ""
    cause: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"form": self.form, "severity": self.severity, "citation": self.citation, "cause": self.cause}


@dataclass(frozen=True)
class Classification:
    """The answer to *what kind of breach is this*.

    ``applies`` is False, with a note saying why, when the decree has no rule for the
    facts. ``severity`` is None where the decree grades nothing (or nothing was
    breached). ``lateness`` is the lateness the decree used, if any.
    """

    applies: bool
    component: str
    violations: tuple[Violation, ...] = ()
    severity: str | None = None
    lateness: Lateness | None = None
    citations: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        lateness = None
        if self.lateness is not None:
            lateness = {
                "days": self.lateness.days, "working": self.lateness.working, "source": self.lateness.source,
                "deadline": _iso(self.lateness.deadline), "stopped_since": _iso(self.lateness.stopped_since),
            }
        return {
            "applies": self.applies, "component": self.component, "severity": self.severity,
            "violations": [v.to_dict() for v in self.violations], "lateness": lateness,
            "citations": list(self.citations), "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Compensation:
    """One thing the user receives, with the clause that gives it and when it is due.

    ``citations`` and ``notes`` carry what governs this item beyond its own clause:
    how it is claimed, a condition (domicile), the deadline rule, an interpretation.
    ``owed=False`` keeps an item whose condition is not met (or not known), so the
    head sees why it is not given; it is left out of the decision's compensations.
    """

    code: str
    citation: str
    due_at: datetime | None = None
    citations: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    owed: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "due_at": _iso(self.due_at), "citation": self.citation}

    def to_detail(self) -> dict[str, Any]:
        return {**self.to_dict(), "owed": self.owed, "citations": list(self.citations), "notes": list(self.notes)}


@dataclass(frozen=True)
class SanctionRuling:
    """The answer to *what happens to the officer*.

    ``required``: sanctions the decree imposes; ``choose_one_of``: sanctions of which
    the deciding official picks one (or none, with a reason, where the decree says
    "dapat berupa"); ``decided_by``: who decides (``pimpinan`` unless the decree says).
    Empty where the decree sets none for these facts.
    """

    required: tuple[str, ...] = ()
    choose_one_of: tuple[str, ...] = ()
    decided_by: str | None = None
    citations: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"required": list(self.required), "choose_one_of": list(self.choose_one_of)}

    def to_detail(self) -> dict[str, Any]:
        return {**self.to_dict(), "decided_by": self.decided_by, "citations": list(self.citations),
                "notes": list(self.notes)}


@dataclass
class Decision:
    """A decree's whole answer, composed by the core from the three hooks.

    ``severity`` is None where the decree grades nothing. Its JSON (:meth:`to_dict`)
    is the decision contract every surface shows.
    """

    decree: DecreeInfo
    applies: bool
    severity: str | None = None
    compensations: list[Compensation] = field(default_factory=list)
    sanctions_required: list[str] = field(default_factory=list)
    sanctions_choose_one_of: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def sanctions(self) -> dict[str, list[str]]:
        return {"required": list(self.sanctions_required), "choose_one_of": list(self.sanctions_choose_one_of)}

    def to_dict(self) -> dict[str, Any]:
        return DECISION.dump(self)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass(frozen=True)
class Situation:
    """One situation a decree's rules tell apart, described as facts: a row of its tables
    turned into a breach (Kota Bekasi's lateness band "1 < L <= 5", Belitung's request
    unfinished 2x24 jam after berkas lengkap). The decree matrix asks the three hooks about
    each one, so what it shows is what the decree decides, never a table typed a second time.
    ``basis`` cites the row the situation comes from."""

    label: str
    facts: Facts
    basis: str = ""


# -- what a plugin may know beyond the facts ---------------------------------------------


@dataclass
class EvaluationContext:
    """The tenant's calendar, catalogue and decree settings.

    Time arithmetic lives in ``core.timekeeping``; plugins reach it through
    ``calendar`` and :meth:`lateness`, never by adding hours themselves. The
    calendar's keadaan kahar periods are those that stop this decree's clocks:
    the core removes them for a decree that says nothing of kahar.
    """

    calendar: WorkingCalendar
    catalogue: Mapping[str, TimeNorm] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)

    def norm_for(self, service: str | None) -> TimeNorm:
        if not service:
            raise FactsError("service_request.service", "name the service type whose time norm applies")
        try:
            return self.catalogue[service]
        except KeyError:
            raise FactsError(
                "service_request.service", f"unknown service type {service!r} in this catalogue"
            ) from None

    def lateness(self, facts: Facts) -> Lateness | None:
        """Lateness beyond the norm: given as ``lateness_days``, else measured from the request
        against its service's norm; None when the facts carry no figures at all."""
        if facts.lateness_days is not None:
            working = bool(self.settings.get("lateness_in_working_days", True))
            return Lateness(facts.lateness_days, working, "given")
        request = facts.service_request
        if request is None or (request.received_at is None and request.documents_complete_at is None):
            return None
        norm = self.norm_for(request.service)
        try:
            return measure_lateness(norm, request, until=facts.occurred_at, calendar=self.calendar)
        except ClockNotStarted as exc:
            raise FactsError(f"service_request.{exc.missing}", str(exc)) from None

    def require_lateness(self, facts: Facts, why: str) -> Lateness:
        """Lateness for a decree that grades by it; when the facts carry no figures, an error
        naming, field by field, what would do."""
        lateness = self.lateness(facts)
        if lateness is None:
            raise FactsError(
                "lateness_days", f"{why}: give the days beyond the norm",
                also={
                    "service_request.service": "or the service type whose norm applies",
                    "service_request.received_at": "with the time the request was received (or documents_complete_at)",
                },
            )
        return lateness
