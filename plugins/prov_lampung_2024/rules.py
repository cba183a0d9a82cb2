"""Provinsi Lampung 400.9.3.21//4 IV.07/B.II/2024, as rules over its tables.

Compensation follows a complaint (Lampiran angka 4). One table (angka 6) maps the
component violated to what the user receives, everything due within 2×24 hours
of the complaint's receipt (angka 8); the officer "dapat" be given teguran or
pembinaan (angka 7). A component outside the table is outside the decree: it says so.
"""

from __future__ import annotations

from typing import Any

from core.decrees.contract import Classification, Compensation, EvaluationContext, Facts, SanctionRuling, Violation
from core.decrees.package import HEAD_CHOOSES_NOTE, RECEIPT_NOT_GIVEN_NOTE, apology, two_by_24_deadline


def classify(tables: dict[str, Any], facts: Facts, context: EvaluationContext) -> Classification:
    """Lampiran angka 4-5: a complaint about one of five components, child-care services only."""
    row = tables["components"].get(facts.component)
    scope = tables["decree"]["scope"]
    if row is None:
        return Classification(False, facts.component, notes=(
            f"{facts.component} berada di luar keputusan ini: {tables['scope']['text']} ({tables['scope']['citation']})",))
    service = facts.service_request.service if facts.service_request else None
    in_scope = context.settings.get("scope_services")
    if service and in_scope is not None and service not in in_scope:
        return Classification(False, facts.component, notes=(
            f"layanan {service} bukan layanan pengasuhan anak: di luar cakupan keputusan ini ({scope})",))
    assessment = tables["assessment"]
    if facts.channel is None:
        return Classification(False, facts.component, citations=(assessment["citation"],),
                              notes=(assessment["no_complaint"],))
    citations = [tables["scope"]["citation"], row["citation"], assessment["citation"]]
    notes = [f"cakupan: {scope}"]
    lateness = None
    if facts.component == "jangka_waktu":
        lateness = context.lateness(facts)
        if lateness is None:
            notes.append(assessment["no_figures"])
        elif lateness.days <= 0:
            notes.append("pelayanan selesai dalam normanya: tidak ada pelanggaran jangka waktu")
            return Classification(True, facts.component, (), None, lateness, (row["citation"],), tuple(notes))
        else:
            notes.append(f"keterlambatan {lateness.days:g} hari")
    violation = Violation(facts.component, row["citation"], rule=facts.component)
    return Classification(True, facts.component, (violation,), None, lateness, tuple(citations), tuple(notes))


def compensate(tables: dict[str, Any], facts: Facts, classification: Classification,
               context: EvaluationContext) -> list[Compensation]:
    """Lampiran angka 6, per component; angka 8: within 2x24 jam of the complaint's receipt."""
    deadline_rule, assessment = tables["deadline"], tables["assessment"]
    received = facts.complaint_received_at or facts.occurred_at
    due_at, how = two_by_24_deadline(received, context, deadline_rule, "komplain diterima")
    notes = (how, assessment["text"], *(() if facts.complaint_received_at else (RECEIPT_NOT_GIVEN_NOTE,)))
    governing = {"due_at": due_at, "citations": (deadline_rule["citation"],), "notes": notes}
    items = []
    for violation in classification.violations:
        row = tables["components"][violation.rule]
        items += [apology(facts.channel, row["citation"], **governing) if code == "maaf"
                  else Compensation(code, row["citation"], **governing) for code in row["compensations"]]
    return items


def sanction(tables: dict[str, Any], facts: Facts, classification: Classification,
             context: EvaluationContext) -> SanctionRuling:
    """Lampiran angka 7: teguran or pembinaan, the head's choice."""
    if not classification.violations:
        return SanctionRuling()
    rule = tables["sanctions"]
    return SanctionRuling(choose_one_of=tuple(rule["choose_one_of"]), decided_by=rule["decided_by"],
                          citations=(rule["citation"],), notes=(HEAD_CHOOSES_NOTE,))
