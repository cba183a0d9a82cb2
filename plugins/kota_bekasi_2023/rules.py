"""Kota Bekasi 460/Kep.15.a/Dinsos/I/2023, as rules over its tables.

Lampiran E.1 names two forms of breach: *waktu* (the service took longer than
its norm) and *cara pelayanan* (the manner of service). Each form present in
the facts is graded by Lampiran E.2 (classify) and compensated by Lampiran C.1,
claimed as C.2 says (compensate); C.1 also has the officer processed for berat
cara pelayanan (sanction). The decision carries the heavier category.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from core.decrees.contract import (
    Classification, Compensation, EvaluationContext, Facts, FactsError, Lateness, SanctionRuling, Situation, Violation,
)
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


def classify(tables: dict[str, Any], facts: Facts, context: EvaluationContext) -> Classification:
    """Lampiran E.1-E.2: waktu graded by how late, cara pelayanan by the officer's conduct;
    E.3: keadaan kahar stops the time norm (the calendar pauses the clock)."""
    forms = _forms(facts)
    if not forms:
        return Classification(False, facts.component, notes=(
            f"Kota Bekasi hanya menetapkan kategori untuk waktu pelayanan dan cara pelayanan (Lampiran E.1); "
            f"komponen {facts.component} tanpa perilaku petugas berada di luar aturannya: pimpinan yang memutuskan",
        ))
    violations: list[Violation] = []
    citations: list[str] = []
    notes: list[str] = []
    lateness = None
    if "waktu" in forms:
        lateness = context.require_lateness(facts, "Kota Bekasi grades a breach of waktu by how late it is (Lampiran E.2)")
        row = _grade_waktu(tables, facts, context, lateness, citations, notes)
        if row is not None:
            violations.append(Violation("waktu", row["citation"], row["severity"], rule="waktu"))
    if "cara" in forms:
        conduct = facts.conduct
        if conduct is None and facts.component == "prosedur":
            conduct = "tidak_sesuai_sop"
            notes.append("pelanggaran prosedur adalah cara pelayanan yang tidak sesuai SOP (tafsiran)")
        if conduct is None:
            raise FactsError("conduct", "Kota Bekasi grades the officer's manner: give tidak_sesuai_sop, tidak_sopan or kekerasan_fisik")
        row = tables["conduct"][conduct]
        violations.append(Violation("cara", row["citation"], row["severity"], rule="cara"))
    severity = max((v.severity for v in violations), key=SEVERITY_ORDER.index, default=None)
    return Classification(
        True, facts.component, tuple(violations), severity, lateness,
        citations=tuple(citations + [v.citation for v in violations]), notes=tuple(notes),
    )


def _grade_waktu(tables, facts: Facts, context: EvaluationContext, lateness: Lateness,
                 citations: list[str], notes: list[str]) -> dict[str, Any] | None:
    kind = "hari kerja" if lateness.working else "hari kalender"
    notes.append(f"keterlambatan {lateness.days:g} hari, dihitung dalam {kind} (tafsiran)")
    kahar = tables["kahar"]
    if lateness.source == "measured" and _kahar_touches(context, facts, lateness):
        citations.append(kahar["time_citation"])
        notes.append(kahar["time_text"])
    elif lateness.source == "given" and _kahar_touches(context, facts, lateness):
        citations.append(kahar["time_citation"])
        notes.append(kahar["given_text"])
    row = grade_lateness(tables, lateness.days)
    if row is None:
        citations.append("Lampiran E.2 (waktu)")
        notes.append("pelayanan selesai dalam normanya: tidak ada pelanggaran waktu pelayanan")
    elif row["severity"] in ("ringan", "sedang"):
        notes.append("rentang keterlambatan 0 < L <= 1 ringan, 1 < L <= 5 sedang (tafsiran atas Lampiran E.2)")
    return row


def _kahar_touches(context: EvaluationContext, facts: Facts, lateness: Lateness) -> bool:
    """Whether a keadaan kahar fell inside the time the lateness was counted over."""
    if lateness.stopped_since is not None:
        return True
    request = facts.service_request
    start = (request.received_at or request.documents_complete_at) if request else None
    end = (request.completed_at if request else None) or facts.occurred_at
    if start is None:
        start = end - timedelta(days=lateness.days * 2 + 31)
    return any(a < end and (b is None or b > start) for a, b in context.calendar.kahar)


def compensate(tables: dict[str, Any], facts: Facts, classification: Classification,
               context: EvaluationContext) -> list[Compensation]:
    """Lampiran C.1 per kategori and form, claimed as C.2 says (ringan on the spot; a claim during
    keadaan kahar waits, C.2 angka 3)); given after the Dinas's assessment (Diktum KEEMPAT)."""
    if classification.severity is None:
        return []
    claim = tables["claim"][classification.severity]
    due_at = facts.claimed_at if claim.get("on_the_spot") else None
    governing = (claim["citation"], tables["assessment"]["citation"])
    notes = [claim["text"], tables["assessment"]["text"]]
    if facts.channel is not None and facts.channel != claim["channel"] and claim["channel"] == "tertulis":
        notes.append(f"pelanggaran {classification.severity} diajukan secara tertulis ({claim['citation']}): "
                     "mintalah pengajuan tertulis dari pengguna layanan")
    items: list[Compensation] = []
    for violation in classification.violations:
        row = compensation_row(tables, violation.severity, violation.form)
        items += [Compensation(code, row["citation"], due_at, governing, tuple(notes)) for code in row["codes"]]
        if "domiciled_only" in row:
            items.append(_delivery(row["domiciled_only"], facts, due_at, governing, notes))
    kahar = context.calendar.kahar_at(facts.claimed_at)
    if kahar is not None:
        text = tables["kahar"]["claim_text"].format(since=kahar[0].isoformat())
        items = [Compensation(i.code, i.citation, None, (*i.citations, tables["kahar"]["claim_citation"]),
                              (*i.notes, text), owed=False) for i in items]
    return merge_apologies(items)


def _delivery(rule: dict[str, Any], facts: Facts, due_at, governing: tuple[str, ...], notes: list[str]) -> Compensation:
    """C.1 berat (waktu) angka 2: the product delivered, only to users domiciled in Kota Bekasi."""
    if facts.user_in_jurisdiction is True:
        return Compensation(rule["code"], rule["citation"], due_at, governing, tuple(notes))
    if facts.user_in_jurisdiction is False:
        why = (f"{rule['code']} hanya terutang kepada pengguna layanan yang berdomisili di Kota Bekasi "
               f"({rule['citation']}); pengguna layanan ini tidak berdomisili di sana")
    else:
        why = (f"{rule['code']} terutang bila pengguna layanan berdomisili di Kota Bekasi ({rule['citation']}); "
               "domisili tidak diketahui: pastikan user_in_jurisdiction")
    return Compensation(rule["code"], rule["citation"], None, (), (why,), owed=False)


def sanction(tables: dict[str, Any], facts: Facts, classification: Classification,
             context: EvaluationContext) -> SanctionRuling:
    """Lampiran C.1, berat cara pelayanan angka 2: the officer is processed under the rules in force."""
    rule = tables["sanctions"]
    if not classification.violations:
        return SanctionRuling()
    required, citations = [], []
    for violation in classification.violations:
        sanction_row = compensation_row(tables, violation.severity, violation.form).get("sanction")
        if sanction_row and sanction_row["code"] not in required:
            required.append(sanction_row["code"])
            citations.append(sanction_row["citation"])
    if not required:
        return SanctionRuling(notes=(rule["none_text"],))
    return SanctionRuling(required=tuple(required), decided_by=rule["decided_by"], citations=tuple(citations),
                          notes=(rule["process_text"],))


def situations(tables: dict[str, Any], moment: datetime) -> list[Situation]:
    """Lampiran E.2, column waktu: one written complaint of lateness per band, at its upper bound
    (the open band one day past its lower bound). The conduct column needs no situation of its
    own: the matrix asks about every conduct already."""
    found = []
    for row in tables["lateness"]:
        days = row.get("up_to_days", row["above_days"] + 1.0)
        upper = f" \u2264 {row['up_to_days']:g}" if "up_to_days" in row else ""
        facts = Facts(component="jangka_waktu", occurred_at=moment, channel="tertulis", lateness_days=days,
                      complaint_received_at=moment)
        found.append(Situation(f"keterlambatan {row['above_days']:g} < L{upper} hari (L = {days:g})", facts, row["citation"]))
    return found
