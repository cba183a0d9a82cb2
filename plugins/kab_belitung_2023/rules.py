"""Kabupaten Belitung 188.4/062/KEP/DSPPPA/2023, as rules over its tables.

Two routes to compensation, both possible on the same facts:

* Diktum KETIGA — a request not finished 2×24 hours after berkas lengkap, whether
  or not a gangguan (network, facilities) held it up. The platform detects it
  without a complaint and proposes the compensation (interpretation).
* Lampiran angka 4–5 — a complaint, after the head's assessment: an apology and
  an explanation, for any component ("dan sebagainya").

No severity grades. Lampiran angka 6: the officer "dapat" be given teguran or
pembinaan; none is proposed for a gangguan.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from core.decrees.contract import (
    Classification, Compensation, EvaluationContext, Facts, Lateness, SanctionRuling, ServiceRequestFacts, Situation,
    Violation,
)
from core.decrees.package import HEAD_CHOOSES_NOTE, apology, merge_apologies, two_by_24_deadline

KETIGA, COMPLAINT = "ketiga", "complaint"


def classify(tables: dict[str, Any], facts: Facts, context: EvaluationContext) -> Classification:
    """Diktum KETIGA (a request unfinished 2x24 jam after berkas lengkap, a gangguan having held
    it up or not) and Lampiran angka 4-5 (a complaint about any component)."""
    violations: list[Violation] = []
    citations: list[str] = []
    notes: list[str] = []
    ketiga, lateness = _ketiga(tables, facts, context, notes)
    if ketiga is not None:
        violations.append(ketiga)
        citations.append(ketiga.citation)
    if facts.channel is not None:
        complaint, lateness = _complaint(tables, facts, context, ketiga, lateness, citations, notes)
        if complaint is not None:
            violations.append(complaint)
            citations += [tables["complaint"]["assessment_citation"], complaint.citation]
    if violations:
        citations.append(tables["evaluation"]["citation"])
    elif facts.channel is None:
        notes.append(tables["complaint"]["none"])
        return Classification(False, facts.component, lateness=lateness, notes=tuple(notes))
    return Classification(True, facts.component, tuple(violations), None, lateness, tuple(citations), tuple(notes))


def _ketiga(tables, facts: Facts, context: EvaluationContext, notes: list[str]) -> tuple[Violation | None, Lateness | None]:
    """The Diktum KETIGA breach, if any, and how late the request was against its 2x24 jam."""
    rule = tables["ketiga"]
    if facts.component != "jangka_waktu" and facts.disruption is None:
        return None, None
    request = facts.service_request
    if request is None or request.documents_complete_at is None:
        if facts.disruption is not None:
            notes.append(rule["no_request"])
        elif request is not None:
            notes.append(rule["not_started"])
        return None, None
    deadline, how = two_by_24_deadline(request.documents_complete_at, context, rule, "berkas lengkap")
    notes.append(how)
    working = bool(context.settings.get("two_by_24_as_working_days"))
    if deadline is None:
        return None, Lateness(0.0, working, "measured", None, context.calendar.open_kahar_since)
    finished = request.completed_at or facts.occurred_at
    if finished <= deadline:
        held_up = "; gangguan tidak menahan permohonan" if facts.disruption else ""
        notes.append(f"selesai dalam 2x24 jam setelah berkas lengkap: Diktum KETIGA tidak dilanggar{held_up}")
        return None, Lateness(0.0, working, "measured", deadline)
    state = "sudah selesai" if request.completed_at else "belum selesai"
    reason = f"tidak selesai dalam 2x24 jam setelah berkas lengkap ({state}, tenggat {deadline.isoformat()})"
    if facts.disruption is not None:
        reason += f", tertahan {rule['disruption'][facts.disruption]}"
    notes.append(f"Diktum KETIGA: {reason}")
    lateness = Lateness(context.calendar.days_between(deadline, finished, working=working), working, "measured", deadline)
    cause = "gangguan" if facts.disruption is not None else None
    return Violation("gangguan" if cause else "waktu", rule["citation"], rule=KETIGA, cause=cause), lateness


def _complaint(tables, facts: Facts, context: EvaluationContext, ketiga: Violation | None, lateness: Lateness | None,
               citations: list[str], notes: list[str]) -> tuple[Violation | None, Lateness | None]:
    """Lampiran angka 4-5: the complaint's component, unless the figures show it was on time."""
    complaint = tables["complaint"]
    clause = complaint["components"][facts.component]
    if facts.component == "jangka_waktu" and ketiga is None:
        lateness = _complaint_lateness(facts, context, lateness)
        if lateness is None:
            notes.append(complaint["no_figures"])
        elif lateness.days <= 0:
            citations.append(clause)
            notes.append(complaint["within_norm"])
            return None, lateness
    if clause.endswith("(Dan sebagainya)") and facts.component != "lainnya":
        notes.append(f"{facts.component} dibaca sebagai bagian dari 'dan sebagainya' (tafsiran)")
    cause = ketiga.cause if ketiga is not None and facts.component == "jangka_waktu" else None
    return Violation(facts.component, clause, rule=COMPLAINT, cause=cause), lateness


def _complaint_lateness(facts: Facts, context: EvaluationContext, ketiga_lateness: Lateness | None) -> Lateness | None:
    """How late, for a complaint about jangka waktu: the figure given, the service's own norm
    where the catalogue has it, else the 2x24 jam already measured; None with no figures."""
    request = facts.service_request
    if facts.lateness_days is not None or (request is not None and request.service in context.catalogue):
        return context.lateness(facts)
    return ketiga_lateness


def compensate(tables: dict[str, Any], facts: Facts, classification: Classification,
               context: EvaluationContext) -> list[Compensation]:
    """Diktum KETIGA: apology, notice, delivery (proposed when no complaint was made);
    Lampiran angka 5: an apology and an explanation."""
    items: list[Compensation] = []
    complaint = tables["complaint"]
    for violation in classification.violations:
        if violation.rule == KETIGA:
            rule = tables["ketiga"]
            detected = (rule["detected"],) if facts.channel is None else ()
            items += [Compensation(c["code"], rule["citation"], notes=(*([c["note"]] if "note" in c else []), *detected))
                      for c in rule["compensations"]]
        else:
            governing = {"citations": (complaint["assessment_citation"],), "notes": (complaint["assessment_text"],)}
            items += [apology(facts.channel, violation.citation, **governing),
                      Compensation("penjelasan_klarifikasi", violation.citation, **governing)]
    return merge_apologies(items)


def sanction(tables: dict[str, Any], facts: Facts, classification: Classification,
             context: EvaluationContext) -> SanctionRuling:
    """Lampiran angka 6: teguran or pembinaan, the head's choice; none for a gangguan."""
    rule = tables["sanctions"]
    if not classification.violations:
        return SanctionRuling()
    if all(v.cause == "gangguan" for v in classification.violations):
        return SanctionRuling(notes=(rule["no_fault"],))
    return SanctionRuling(choose_one_of=tuple(rule["choose_one_of"]), decided_by=rule["decided_by"],
                          citations=(rule["citation"],), notes=(HEAD_CHOOSES_NOTE,))


def situations(tables: dict[str, Any], moment: datetime) -> list[Situation]:
    """Diktum KETIGA, which no complaint is needed to meet: a request still open at ``moment``, its
    berkas complete three days (more than 2x24 jam) earlier, found by the platform; and the same
    request held up by each gangguan the Diktum names."""
    rule = tables["ketiga"]
    complete = moment - timedelta(days=3)
    request = ServiceRequestFacts(received_at=complete, documents_complete_at=complete)
    late = Facts(component="jangka_waktu", occurred_at=moment, service_request=request)
    found = [Situation("permohonan belum selesai 3 hari setelah berkas lengkap (terdeteksi sistem)", late, rule["citation"])]
    for code, text in rule["disruption"].items():
        held_up = Facts(component="jangka_waktu", occurred_at=moment, service_request=request, disruption=code)
        found.append(Situation(f"permohonan tertahan {text}", held_up, rule["citation"]))
    return found
