"""Kota Bekasi 460/Kep.15.a/Dinsos/I/2023, as rules over its tables.

Lampiran E.1 names two forms of breach: *waktu* (the service took longer than
its norm) and *cara pelayanan* (the manner of service). Each form present in
the facts is graded by Lampiran E.2 and compensated by Lampiran C.1; the
decision carries the heavier category and every compensation owed.
"""

from __future__ import annotations

from typing import Any

from core.decrees.contract import Compensation, Decision, DecreeInfo, EvaluationContext, Facts, FactsError
from core.decrees.package import merge_apologies

SEVERITY_ORDER = ("ringan", "sedang", "berat")


def grade_lateness(tables: dict[str, Any], days: float) -> dict[str, Any] | None:
    """The Lampiran E.2 row for L days late (None when not late)."""
    for row in tables["lateness"]:
        if days > row["above_days"] and ("up_to_days" not in row or days <= row["up_to_days"]):
            return row
    return None


def compensation_row(tables: dict[str, Any], severity: str, form: str) -> dict[str, Any]:
    return next(r for r in tables["compensation"] if r["severity"] == severity and r["form"] == form)


def _forms(facts: Facts) -> list[str]:
    forms = []
    if facts.component == "jangka_waktu":
        forms.append("waktu")
    if facts.conduct is not None or facts.component in ("prosedur", "perilaku_pelaksana"):
        forms.append("cara")
    return forms


def decide(info: DecreeInfo, tables: dict[str, Any], facts: Facts, context: EvaluationContext) -> Decision:
    decision = Decision(decree=info, applies=True)
    forms = _forms(facts)
    if not forms:
        decision.applies = False
        decision.notes.append(
            f"Kota Bekasi grades only waktu pelayanan and cara pelayanan (Lampiran E.1); "
            f"component {facts.component} without a conduct is outside its rules: the head decides"
        )
        return decision

    if context.calendar.in_kahar(facts.occurred_at):
        decision.citations.append(tables["kahar"]["citation"])
        decision.notes.append(tables["kahar"]["text"])
        return decision

    graded: list[tuple[str, dict[str, Any]]] = []
    if "waktu" in forms:
        lateness = context.lateness(facts)
        kind = "working" if lateness.working else "calendar"
        decision.notes.append(f"lateness {lateness.days:g} day(s), counted in {kind} days (interpretation)")
        row = grade_lateness(tables, lateness.days)
        if row is None:
            decision.citations.append("Lampiran E.2 (waktu)")
            decision.notes.append("the service was within its norm: no breach of waktu pelayanan")
        else:
            if row["severity"] in ("ringan", "sedang"):
                decision.notes.append("lateness bands 0 < L <= 1 ringan, 1 < L <= 5 sedang (interpretation of Lampiran E.2)")
            graded.append(("waktu", row))
    if "cara" in forms:
        conduct = facts.conduct
        if conduct is None and facts.component == "prosedur":
            conduct = "tidak_sesuai_sop"
            decision.notes.append("a prosedur breach is cara pelayanan not according to the SOP (interpretation)")
        if conduct is None:
            raise FactsError("conduct", "Kota Bekasi grades the officer's manner: give tidak_sesuai_sop, tidak_sopan or kekerasan_fisik")
        graded.append(("cara", tables["conduct"][conduct]))

    for form, row in graded:
        decision.citations.append(row["citation"])
        _compensate(decision, compensation_row(tables, row["severity"], form), facts)
    if graded:
        decision.severity = max((row["severity"] for _, row in graded), key=SEVERITY_ORDER.index)
        _claim_procedure(decision, tables["claim"][decision.severity], facts)
    decision.compensations = merge_apologies(decision.compensations, decision.notes)
    return decision


def _compensate(decision: Decision, row: dict[str, Any], facts: Facts) -> None:
    for code in row["codes"]:
        decision.compensations.append(Compensation(code, row["citation"]))
    domiciled = row.get("domiciled_only")
    if domiciled:
        if facts.user_in_jurisdiction is True:
            decision.compensations.append(Compensation(domiciled["code"], domiciled["citation"]))
        elif facts.user_in_jurisdiction is False:
            decision.notes.append(f"{domiciled['code']} is owed only to users domiciled in Kota Bekasi ({domiciled['citation']}); this user is not")
        else:
            decision.notes.append(
                f"{domiciled['code']} is owed if the user is domiciled in Kota Bekasi ({domiciled['citation']}); "
                "domicile unknown: confirm user_in_jurisdiction"
            )
    sanction = row.get("sanction")
    if sanction and sanction["code"] not in decision.sanctions_required:
        decision.sanctions_required.append(sanction["code"])
        decision.citations.append(sanction["citation"])


def _claim_procedure(decision: Decision, claim: dict[str, Any], facts: Facts) -> None:
    decision.citations.append(claim["citation"])
    decision.notes.append(claim["text"])
    if facts.channel is not None and facts.channel != claim["channel"] and claim["channel"] == "tertulis":
        decision.notes.append(f"a {decision.severity} breach is claimed in writing ({claim['citation']}): ask the user for a written claim")
