"""The decree matrix of a province: for every component and category, what each agency's decree
gives (compensation, due time, sanction), each with its clause, and where it gives nothing.

Nothing here is typed by hand. For each agency, the decree bound on the day asked is put the
same questions a case would put to it: one written complaint per component, without and with
each officer conduct, and the situations the decree's own tables tell apart
(``kompensasi_situations``: Kota Bekasi's lateness bands, Belitung's Diktum KETIGA). The three
hooks answer; the matrix files each answer under its component and category.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from core import vocabulary
from core.decrees.contract import Classification, Compensation, Facts, FactsError, SanctionRuling, Situation
from core.decrees.dispatch import evaluation_context, tenant_bindings
from core.decrees.registry import DecreeRegistry
from core.province.directory import Province
from core.decrees.tenant_context import binding_on

CATEGORIES: tuple[str | None, ...] = (*vocabulary.SEVERITIES, None)
PROBE_CHANNEL = "tertulis"  # the matrix reads each decree for a written complaint
PROBE_HOUR = time(9, 0)

# What a cell says: the decree rules the case (covered), or why it gives nothing.
COVERED = "covered"
NOT_COVERED = "not_covered"  # the decree has no rule for this component (and category)
NOT_GRADED = "not_graded"  # the decree grades nothing: its rule is in the row without a category
GRADED = "graded"  # the decree grades every breach of this component: see its categories
NEEDS_FACTS = "needs_facts"  # the decree cannot judge the component without figures no probe gives
NO_RULE = "no_rule"  # the agency's decree sets no compensation rule at all (a gap)
NO_DECREE = "no_decree"  # the agency has no decree bound on the day (a gap)
GAPS = (NO_RULE, NO_DECREE)


def probe_situations(moment: datetime) -> list[Situation]:
    """One written complaint per component, received when it occurred; and the same with each
    officer conduct."""
    found = []
    for component in vocabulary.COMPONENTS:
        found.append(Situation("pengaduan tertulis", Facts(component, moment, channel=PROBE_CHANNEL,
                                                            complaint_received_at=moment)))
        for conduct in vocabulary.CONDUCTS:
            facts = Facts(component, moment, channel=PROBE_CHANNEL, conduct=conduct, complaint_received_at=moment)
            found.append(Situation(f"pengaduan tertulis; perilaku petugas: {vocabulary.LABELS[conduct]}", facts))
    return found


@dataclass(frozen=True)
class Answer:
    """What one decree said of one situation."""

    situation: Situation
    classification: Classification | None
    compensations: list[Compensation] | None = None
    ruling: SanctionRuling | None = None
    error: FactsError | None = None

    @property
    def applies(self) -> bool:
        return self.classification is not None and self.classification.applies


def _item(item: Compensation, claimed_at: datetime) -> dict[str, Any]:
    hours = None if item.due_at is None else round((item.due_at - claimed_at).total_seconds() / 3600, 2)
    return {"code": item.code, "owed": item.owed, "citation": item.citation, "due_after_hours": hours,
            "citations": list(item.citations), "notes": list(item.notes)}


def _rule(answer: Answer) -> dict[str, Any]:
    """One answer as a rule of the matrix: the situation, the classification's clauses, each
    compensation with its clause and due time (hours after the claim; 0 on the spot; None where
    the decree sets none), the sanction with its clause."""
    classification, facts = answer.classification, answer.situation.facts
    ruling = answer.ruling
    return {
        "situation": answer.situation.label,
        "basis": answer.situation.basis or None,
        "forms": [v.form for v in classification.violations],
        "citations": list(classification.citations),
        "compensations": [_item(item, facts.claimed_at) for item in answer.compensations or ()],
        "compensation_rule": answer.compensations is not None,
        "sanctions": {
            "required": list(ruling.required), "choose_one_of": list(ruling.choose_one_of),
            "decided_by": ruling.decided_by, "citations": list(ruling.citations),
        } if ruling is not None else None,
        "notes": list(classification.notes),
    }


def _signature(rule: dict[str, Any]) -> tuple:
    """What a rule gives, to tell two situations that give the same apart from those that differ."""
    items = tuple((i["code"], i["owed"], i["due_after_hours"], i["citation"]) for i in rule["compensations"])
    sanctions = rule["sanctions"] and (tuple(rule["sanctions"]["required"]), tuple(rule["sanctions"]["choose_one_of"]))
    return items, sanctions, tuple(rule["citations"])


def _ask(registry: DecreeRegistry, plugin: str, situation: Situation, context) -> Answer:
    try:
        classification = registry.classify(plugin, situation.facts, context)
        compensations = registry.compensate(plugin, situation.facts, context, classification)
        ruling = registry.sanction(plugin, situation.facts, context, classification)
    except FactsError as exc:
        return Answer(situation, None, error=exc)
    return Answer(situation, classification, compensations, ruling)


def _cell(answers: list[Answer], category: str | None, grades: bool) -> dict[str, Any]:
    """The cell of one component and category, from every answer about that component."""
    rules: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for answer in answers:
        if answer.applies and answer.classification.severity == category:
            rule = _rule(answer)
            if _signature(rule) not in seen:
                seen.add(_signature(rule))
                rules.append(rule)
    if rules:
        return {"status": COVERED, "rules": rules, "notes": []}
    if category is not None and not grades:
        return {"status": NOT_GRADED, "rules": [], "notes": ["keputusan tidak menetapkan kategori"]}
    declined = [a for a in answers if a.classification is not None and not a.applies]
    if category is None and declined:
        return {"status": NOT_COVERED, "rules": [], "notes": _unique(n for a in declined[:1] for n in a.classification.notes)}
    if category is None and any(a.applies for a in answers):
        return {"status": GRADED, "rules": [], "notes": ["keputusan menetapkan kategori untuk setiap pelanggaran komponen ini"]}
    if all(a.error is not None for a in answers):
        return {"status": NEEDS_FACTS, "rules": [],
                "notes": _unique(f"{name}: {' '.join(m)}" for a in answers[:1] for name, m in a.error.fields.items())}
    return {"status": NOT_COVERED, "rules": [], "notes": []}


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def agency_column(registry: DecreeRegistry, tenant, on: date) -> tuple[dict[str, Any], dict[str, list[Answer]]]:
    """One agency's column: its decree on the day and its answers by component."""
    column: dict[str, Any] = {"tenant": tenant.slug, "name": tenant.name, "decree": None, "gap": None, "notes": []}
    binding = binding_on(tenant_bindings(tenant), on)
    if binding is None:
        column.update(gap=NO_DECREE, notes=[f"tidak ada keputusan yang terikat pada {tenant.slug} pada {on.isoformat()}"])
        return column, {}
    info = registry.info(binding.plugin)
    column["decree"] = {**info.ref(), "title": info.title, "kind": info.kind, "jurisdiction": info.jurisdiction}
    moment = datetime.combine(on, PROBE_HOUR, tzinfo=ZoneInfo(tenant.timezone))
    context = evaluation_context(tenant, binding.settings)
    by_component: dict[str, list[Answer]] = {c: [] for c in vocabulary.COMPONENTS}
    for situation in [*probe_situations(moment), *registry.situations(binding.plugin, moment)]:
        by_component[situation.facts.component].append(_ask(registry, binding.plugin, situation, context))
    answers = [a for found in by_component.values() for a in found]
    if not any(a.applies and a.compensations is not None for a in answers):
        declined = [a for a in answers if a.classification is not None]
        column.update(gap=NO_RULE, notes=_unique(n for a in declined[:1] for n in a.classification.notes)
                      or ["keputusan ini tidak mengatur kompensasi"])
    return column, by_component


def decree_matrix(registry: DecreeRegistry, province: Province, on: date) -> dict[str, Any]:
    """The matrix of a province's agencies on the day ``on``: their columns, and one row per
    component and category with each agency's cell."""
    columns, answers = [], []
    for tenant in province.agencies:
        column, by_component = agency_column(registry, tenant, on)
        columns.append(column)
        answers.append(by_component)
    rows = []
    for component in vocabulary.COMPONENTS:
        for category in CATEGORIES:
            cells = []
            for column, by_component in zip(columns, answers):
                if column["gap"] is not None:
                    cells.append({"status": column["gap"], "rules": [], "notes": list(column["notes"])})
                    continue
                grades = any(a.applies and a.classification.severity for found in by_component.values() for a in found)
                cells.append(_cell(by_component[component], category, grades))
            rows.append({"component": component, "category": category, "cells": cells})
    return {"province": {"code": province.code, "name": province.name}, "on": on.isoformat(),
            "agencies": columns, "rows": rows}


# -- as a table (columns, rows): the page's export and the integrator's CSV/XLSX ----------------


def _due_text(hours: float | None) -> str:
    if hours is None:
        return "tenggat tidak ditetapkan"
    if hours == 0:
        return "saat itu juga"
    return f"paling lambat {hours:g} jam setelah pengaduan"


def rule_text(rule: dict[str, Any]) -> str:
    """A rule in one line: compensations (with due time and clause), sanction, classification clauses."""
    items = []
    for item in rule["compensations"]:
        condition = "" if item["owed"] else " [bersyarat: " + "; ".join(item["notes"][-1:]) + "]"
        items.append(f"{item['code']} ({_due_text(item['due_after_hours'])}; {item['citation']}){condition}")
    given = ", ".join(items) or ("tidak ada kompensasi" if rule["compensation_rule"] else "tidak mengatur kompensasi")
    sanctions = rule["sanctions"]
    if sanctions is None:
        sanction = "tidak mengatur sanksi"
    elif sanctions["required"] or sanctions["choose_one_of"]:
        named = sanctions["required"] + ([" / ".join(sanctions["choose_one_of"])] if sanctions["choose_one_of"] else [])
        sanction = ", ".join(named) + f" ({'; '.join(sanctions['citations'])})"
    else:
        sanction = "tanpa sanksi"
    return f"{rule['situation']}: {given}; sanksi: {sanction}; dasar: {'; '.join(rule['citations'])}"


STATUS_TEXT = {
    NOT_COVERED: "tidak diatur", NOT_GRADED: "tanpa kategori (lihat baris tanpa kategori)",
    GRADED: "selalu berkategori (lihat kategori)", NEEDS_FACTS: "perlu angka keterlambatan",
    NO_RULE: "CELAH: tidak ada aturan kompensasi", NO_DECREE: "CELAH: tidak ada keputusan",
}


def cell_text(cell: dict[str, Any]) -> str:
    if cell["status"] == COVERED:
        return " | ".join(rule_text(rule) for rule in cell["rules"])
    return STATUS_TEXT[cell["status"]] + (f" ({'; '.join(cell['notes'])})" if cell["notes"] else "")


def matrix_table(matrix: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The matrix as ``(columns, rows)`` of plain text, one row per component and category."""
    columns = ["komponen", "kategori", *(f"{a['name']} ({a['decree']['number'] if a['decree'] else '-'})"
                                         for a in matrix["agencies"])]
    rows = [[row["component"], row["category"] or "-", *(cell_text(cell) for cell in row["cells"])]
            for row in matrix["rows"]]
    return columns, rows
