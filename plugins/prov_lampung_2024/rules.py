"""Provinsi Lampung 400.9.3.21//4 IV.07/B.II/2024, as rules over its tables.

One table (Lampiran angka 6) maps the component violated to what the user
receives; everything is due within 2×24 hours of the complaint (angka 8).
A component outside the table is outside the decree: it says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.decrees.contract import Compensation, Decision, DecreeInfo, EvaluationContext, Facts
from core.decrees.package import APOLOGY_FORM_NOTE, apology


def due_at(tables: dict[str, Any], complained_at: datetime, context: EvaluationContext, notes: list[str]) -> datetime:
    rule = tables["deadline"]
    if context.settings.get("two_by_24_as_working_days"):
        notes.append("2x24 jam counted as two working days (tenant setting)")
        return context.calendar.add(complained_at, rule["working_days"], "hari", working=True)
    notes.append("2x24 jam counted as 48 elapsed hours after the complaint (interpretation)")
    return context.calendar.add(complained_at, rule["hours"], "jam", working=False)


def decide(info: DecreeInfo, tables: dict[str, Any], facts: Facts, context: EvaluationContext) -> Decision:
    decision = Decision(decree=info, applies=True)
    row = tables["components"].get(facts.component)
    if row is None:
        decision.applies = False
        decision.notes.append(f"{facts.component} is outside this decree: {tables['scope']['text']} ({tables['scope']['citation']})")
        return decision
    service = facts.service_request.service if facts.service_request else None
    in_scope = context.settings.get("scope_services")
    if service and in_scope is not None and service not in in_scope:
        decision.applies = False
        decision.notes.append(f"service {service} is not a child-care service: outside this decree's scope ({info.scope})")
        return decision
    decision.notes.append(f"scope: {info.scope}")
    if facts.component == "jangka_waktu":
        lateness = context.lateness(facts)
        if lateness.days <= 0:
            decision.citations.append(row["citation"])
            decision.notes.append("the service was within its norm: no breach of jangka waktu")
            return decision
        decision.notes.append(f"lateness {lateness.days:g} day(s)")
    deadline = due_at(tables, facts.occurred_at, context, decision.notes)
    decision.notes.append("the complaint time is taken as occurred_at (interpretation)")
    for code in row["compensations"]:
        item = apology(facts.channel, row["citation"]) if code == "maaf" else Compensation(code, row["citation"])
        decision.compensations.append(Compensation(item.code, item.citation, deadline))
    decision.notes += [APOLOGY_FORM_NOTE, tables["assessment"]["text"]]
    decision.citations += [tables["scope"]["citation"], row["citation"], tables["assessment"]["citation"],
                           tables["deadline"]["citation"], tables["sanctions"]["citation"]]
    decision.sanctions_choose_one_of = list(tables["sanctions"]["choose_one_of"])
    decision.notes.append("the decree gives no criterion between teguran and pembinaan: the head chooses")
    return decision
