"""Kabupaten Belitung 188.4/062/KEP/DSPPPA/2023, as rules over its tables.

Two routes to compensation, both possible on the same facts:

* Diktum KETIGA — the platform detects it without any complaint: a request not
  finished 2×24 hours after berkas lengkap, or a gangguan (network, facilities).
* Lampiran angka 4–5 — a complaint, after the head's assessment: an apology and
  an explanation, for any component ("dan sebagainya").
"""

from __future__ import annotations

from typing import Any

from core.decrees.contract import Compensation, Decision, DecreeInfo, EvaluationContext, Facts, FactsError
from core.decrees.package import APOLOGY_FORM_NOTE, apology, merge_apologies


def ketiga_breach(tables: dict[str, Any], facts: Facts, context: EvaluationContext, notes: list[str]) -> str | None:
    """Why Diktum KETIGA is breached, or None."""
    rule = tables["ketiga"]
    if facts.disruption is not None:
        return rule["disruption"][facts.disruption]
    request = facts.service_request
    if facts.component != "jangka_waktu" or request is None or request.documents_complete_at is None:
        return None
    if context.settings.get("two_by_24_as_working_days"):
        deadline = context.calendar.add(request.documents_complete_at, rule["working_days"], "hari", working=True)
        notes.append("2x24 jam counted as two working days (tenant setting)")
    else:
        deadline = context.calendar.add(request.documents_complete_at, rule["hours"], "jam", working=False)
        notes.append("2x24 jam counted as 48 elapsed hours from berkas lengkap (interpretation)")
    finished = request.completed_at or facts.occurred_at
    if finished > deadline:
        state = "finished" if request.completed_at else "still open"
        return f"not finished within 2x24 jam after berkas lengkap ({state}, deadline {deadline.isoformat()})"
    notes.append("finished within 2x24 jam after berkas lengkap: Diktum KETIGA not breached")
    return None


def decide(info: DecreeInfo, tables: dict[str, Any], facts: Facts, context: EvaluationContext) -> Decision:
    decision = Decision(decree=info, applies=True)
    if facts.component == "jangka_waktu" and facts.disruption is None and facts.lateness_days is None and facts.service_request is None:
        raise FactsError("lateness_days", "give lateness_days, or a service_request with documents_complete_at for the 2x24-hour rule")

    reason = ketiga_breach(tables, facts, context, decision.notes)
    if reason:
        rule = tables["ketiga"]
        decision.citations.append(rule["citation"])
        decision.notes.append(f"Diktum KETIGA: {reason}")
        decision.compensations += [Compensation(c["code"], rule["citation"]) for c in rule["compensations"]]

    complaint = tables["complaint"]
    if facts.channel is not None:
        if facts.component == "jangka_waktu" and not reason and facts.lateness_days == 0:
            decision.citations.append(complaint["components"]["jangka_waktu"])
            decision.notes.append("the request was within its norm: nothing to compensate for jangka waktu")
        else:
            clause = complaint["components"][facts.component]
            decision.citations += [complaint["assessment_citation"], clause]
            decision.compensations += [apology(facts.channel, clause), Compensation("penjelasan_klarifikasi", clause)]
            decision.notes += [APOLOGY_FORM_NOTE, "due after the head's assessment (penilaian pimpinan) upholds the complaint"]
            if clause.endswith("(Dan sebagainya)") and facts.component != "lainnya":
                decision.notes.append(f"{facts.component} is read under 'dan sebagainya' (interpretation)")

    if not decision.compensations:
        decision.applies = bool(reason) or facts.channel is not None
        if not decision.applies:
            decision.notes.append(
                "without a complaint, Belitung compensates only a request unfinished 2x24 jam after berkas lengkap "
                "(documents_complete_at) and gangguan (Diktum KETIGA)"
            )
        return decision
    decision.compensations = merge_apologies(decision.compensations, decision.notes)
    decision.sanctions_choose_one_of = list(tables["sanctions"]["choose_one_of"])
    decision.citations += [tables["sanctions"]["citation"], tables["evaluation"]["citation"]]
    decision.notes.append("the decree gives no criterion between teguran and pembinaan: the head chooses")
    return decision
