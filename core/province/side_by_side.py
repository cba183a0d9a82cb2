"""Same case, every decree: one set of facts put to each agency in scope (or each installed
decree), laid out as a table: one column per agency, one row per question of the three-hook
contract (applies, category: classify; compensation, due time: compensate; sanction), each
answer with its clauses, and the rows where the answers differ marked.

Province and platform admins compare the agencies they read, each judged by the decree bound
to it on the day of the facts, in its own calendar; agency staff compare the installed decrees
(``core.decrees.compare``), since other agencies are not theirs to see.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from core.access import policy
from core.platform.db import Session
from core.decrees.compare import context_for
from core.decrees.compose import PARTS
from core.decrees.contract import Facts, FactsError
from core.decrees.dispatch import NoDecreeBound, part_for_tenant
from core.decrees.registry import DecreeRegistry
from core.platform.domain_errors import error_body
from core.models import Tenant, User

QUESTIONS = ("applies", "category", "compensation", "due", "sanction")
# Which hook answers each question.
ASKED_OF = {"applies": "classify", "category": "classify", "compensation": "compensate", "due": "compensate",
            "sanction": "sanction"}


@dataclass(frozen=True)
class Column:
    """An agency (``tenant`` set: judged by its bound decree) or an installed decree (``plugin``)."""

    label: str
    tenant: Tenant | None = None
    plugin: str | None = None


def columns_for(user: User, registry: DecreeRegistry, province_code: str | None = None) -> list[Column]:
    """The agencies a province or platform admin reads (of one province if named); for anyone
    else, every installed decree that is not a draft."""
    if policy.may_view_provinces(user):
        tenants = Session.scalars(select(Tenant).order_by(Tenant.province_code, Tenant.name))
        return [Column(t.name, tenant=t) for t in tenants
                if policy.can_see_tenant(user, t) and province_code in (None, t.province_code)]
    return [Column(info.jurisdiction, plugin=info.plugin) for info in registry.infos() if not info.draft]


def _parts(registry: DecreeRegistry, column: Column, facts: Facts) -> dict[str, dict[str, Any]]:
    if column.tenant is not None:
        return {q: part_for_tenant(registry, column.tenant, facts, q) for q in PARTS}
    context = context_for(column.plugin)
    return {q: registry.part(column.plugin, facts, context, q) for q in PARTS}


def _cells(parts: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each question's answer: a ``value`` to compare across columns, and what to show with it."""
    classified, compensated, sanctioned = parts["classify"], parts["compensate"], parts["sanction"]
    owed = [item for item in compensated["compensations"] if item["owed"]]
    ruling = sanctioned["sanctions"]
    return {
        "applies": {"value": classified["applies"], "items": [],
                    "citations": classified["citations"] if classified["applies"] else [],
                    "notes": [] if classified["applies"] else classified["notes"]},
        "category": {"value": classified["severity"],
                     "items": [{"form": v["form"], "severity": v["severity"], "citation": v["citation"],
                                "cause": v["cause"]} for v in classified["violations"]],
                     "citations": [v["citation"] for v in classified["violations"]], "notes": []},
        "compensation": {"value": sorted(item["code"] for item in owed),
                         "items": [{"code": i["code"], "owed": i["owed"], "citation": i["citation"],
                                    "notes": i["notes"] if not i["owed"] else []}
                                   for i in compensated["compensations"]],
                         "citations": list(dict.fromkeys(c for i in compensated["compensations"]
                                                         for c in [i["citation"], *i["citations"]])),
                         "notes": compensated["notes"]},
        "due": {"value": sorted([i["code"], i["due_at"]] for i in owed),
                "items": [{"code": i["code"], "due_at": i["due_at"], "citation": i["citation"]} for i in owed],
                "citations": [], "notes": []},
        "sanction": {"value": [sorted(ruling["required"]), sorted(ruling["choose_one_of"])],
                     "items": [], "required": ruling["required"], "choose_one_of": ruling["choose_one_of"],
                     "decided_by": ruling["decided_by"], "citations": ruling["citations"],
                     "notes": sanctioned["notes"]},
    }


def side_by_side(registry: DecreeRegistry, facts: Facts, columns: list[Column]) -> dict[str, Any]:
    """The table: ``columns`` (each with its decree, or the error that kept it from answering)
    and one row per question, a cell per column; a row ``differs`` when the columns that answered
    do not all agree, and each cell that is not the most common answer ``differs`` too."""
    heads, answers = [], []
    for column in columns:
        head: dict[str, Any] = {"label": column.label, "tenant": column.tenant.slug if column.tenant else None,
                                "decree": None, "error": None}
        try:
            parts = _parts(registry, column, facts)
        except FactsError as exc:
            head["error"] = error_body("invalid_facts", exc.message, exc.fields)["error"]
            parts = None
        except NoDecreeBound as exc:
            head["error"] = exc.body()["error"]
            parts = None
        if parts is not None:
            head["decree"] = parts["classify"]["decree"]
        heads.append(head)
        answers.append(_cells(parts) if parts is not None else None)
    rows = []
    for question in QUESTIONS:
        cells = [answer[question] if answer is not None else None for answer in answers]
        keys = [repr(cell["value"]) for cell in cells if cell is not None]
        common = Counter(keys).most_common(1)[0][0] if keys else None
        for cell in cells:
            if cell is not None:
                cell["differs"] = repr(cell["value"]) != common
        rows.append({"question": question, "hook": ASKED_OF[question], "differs": len(set(keys)) > 1,
                     "cells": cells})
    return {"columns": heads, "rows": rows}


def _cell_text(question: str, cell: dict[str, Any] | None) -> str:
    if cell is None:
        return "-"
    if question == "applies":
        text = "ya" if cell["value"] else "tidak"
    elif question == "category":
        text = cell["value"] or "-"
    elif question == "compensation":
        text = ", ".join(i["code"] + ("" if i["owed"] else " (tidak terutang)") for i in cell["items"]) or "-"
    elif question == "due":
        text = ", ".join(f"{i['code']}: {i['due_at'] or 'tanpa tenggat'}" for i in cell["items"]) or "-"
    else:
        named = cell["required"] + ([" / ".join(cell["choose_one_of"])] if cell["choose_one_of"] else [])
        text = ", ".join(named) or "-"
    marks = " [berbeda]" if cell["differs"] else ""
    return text + marks + (f" ({'; '.join(cell['citations'])})" if cell["citations"] else "")


def side_by_side_table(table: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The comparison as ``(columns, rows)`` of plain text: a row per question, a column per agency."""
    columns = ["pertanyaan", *(c["label"] + (f" ({c['decree']['number']})" if c["decree"] else "")
                               for c in table["columns"])]
    rows = [[row["question"], *(_cell_text(row["question"], cell) for cell in row["cells"])] for row in table["rows"]]
    return columns, rows
