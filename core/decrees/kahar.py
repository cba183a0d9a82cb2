"""Whose clocks keadaan kahar stops: the decree's, where it says so; otherwise only by the
tenant's explicit setting, and the decision then says so."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from core.decrees.contract import DecreeInfo, EvaluationContext, Facts

SETTING = "kahar_stops_clock"
# How far past the claim a deadline may run (2x24 hours, a few working days): a kahar
# declared in that span is worth a word in the decision.
DEADLINE_REACH = timedelta(days=30)


def _span(facts: Facts) -> tuple[datetime, datetime]:
    request = facts.service_request
    moments = [facts.occurred_at, facts.claimed_at]
    if request is not None:
        moments += [m for m in (request.received_at, request.documents_complete_at, request.completed_at) if m]
    return min(moments), max(moments) + DEADLINE_REACH


def stops_clocks(info: DecreeInfo, settings: dict) -> bool:
    """Whether keadaan kahar stops this decree's clocks for a tenant with these settings."""
    return bool(info.kahar_clause or settings.get(SETTING))


def decree_context(info: DecreeInfo, context: EvaluationContext, facts: Facts) -> tuple[EvaluationContext, list[str]]:
    """The context whose calendar stops for keadaan kahar only where that is the rule, and the
    notes that say so when a declared kahar touches the facts."""
    calendar = context.calendar
    if not calendar.kahar or info.kahar_clause:
        return context, []  # the decree's own rule: its plugin cites the clause where it matters
    start, end = _span(facts)
    touching = [a for a, b in calendar.kahar if a < end and (b is None or b > start)]
    if stops_clocks(info, context.settings):
        notes = [f"keadaan kahar menghentikan perhitungan waktu keputusan ini menurut pengaturan instansi {SETTING}; "
                 "keputusan itu sendiri tidak mengatur keadaan kahar"] if touching else []
        return context, notes
    notes = [f"keadaan kahar yang dinyatakan sejak {touching[0].isoformat()} tidak menghentikan perhitungan waktu "
             f"keputusan ini: keputusan tidak mengatur keadaan kahar (instansi dapat menetapkan {SETTING})"
             ] if touching else []
    return replace(context, calendar=calendar.without_kahar()), notes
