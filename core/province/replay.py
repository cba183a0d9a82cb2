"""What if the decree changed: an agency's past cases of a period, judged again under another
decree, and what would have changed per case and in totals.

Pure over what was recorded: each case's facts are those stored with its decision in force
(``case_decisions.facts``), compared with the decision stored beside them; nothing is written.
Cases are read in batches in (received_at, id) order, along the index the case listing uses,, so a year of a large agency never sits in
memory at once. The other decree is another agency's (one bound to some agency) or a draft (a
plugin flagged ``draft``, bound to none); it judges the facts as if it had been in force, in
this agency's calendar and catalogue, with the settings this agency binds it with, if any.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from marshmallow import ValidationError
from sqlalchemy import func, select, tuple_

from core.platform.db import Session
from core.decrees.contract import FactsError
from core.decrees.dispatch import evaluation_context, tenant_bindings
from core.decrees.facts import flatten_errors, load_facts
from core.decrees.registry import DecreeRegistry
from core.platform.domain_errors import Invalid
from core.models import CaseDecision, Complaint, Tenant, TenantDecree
from core.models.scope import all_tenants
from core.timekeeping.periods import Period, PeriodError, parse_period

BATCH_SIZE = 500
ASPECTS = ("applies", "category", "compensations", "sanctions", "deadlines")
NO_CATEGORY = "-"


def period_of(text: str | None) -> Period:
    """The period asked for, or a 422 naming ``period``."""
    try:
        return parse_period(text or "")
    except PeriodError as exc:
        raise Invalid(f"period: {exc}", {"period": [str(exc)]}) from None


def bound_plugins() -> set[str]:
    """Every decree bound to some agency."""
    with all_tenants("the decrees agencies are bound to"):
        return set(Session.scalars(select(TenantDecree.plugin).distinct()))


def replay_targets(registry: DecreeRegistry) -> list[str]:
    """The decrees a replay may use: those bound to an agency, and drafts bound to none."""
    bound = bound_plugins()
    return [name for name in registry.names() if (name in bound) != registry.info(name).draft]


def check_target(registry: DecreeRegistry, plugin: str | None) -> str:
    """The decree to replay under, or a 422 naming ``decree``: unknown, or neither an agency's
    decree nor a draft."""
    if not plugin:
        raise Invalid("decree: name the decree to replay under", {"decree": ["required"]})
    if plugin not in registry.names():
        raise Invalid(f"decree: no installed decree plugin {plugin!r}", {"decree": [f"unknown decree {plugin!r}"]})
    if plugin not in replay_targets(registry):
        why = ("a draft bound to an agency" if registry.info(plugin).draft
               else "neither an agency's decree nor a draft")
        raise Invalid(f"decree: {plugin!r} is {why}", {"decree": [f"{plugin!r} is {why}"]})
    return plugin


@dataclass
class Totals:
    cases: int = 0
    changed: int = 0
    not_judged: int = 0
    undecided: int = 0
    changed_by_aspect: Counter = field(default_factory=Counter)
    applies: dict[str, Counter] = field(default_factory=lambda: {"before": Counter(), "after": Counter()})
    categories: dict[str, Counter] = field(default_factory=lambda: {"before": Counter(), "after": Counter()})
    compensations: dict[str, Counter] = field(default_factory=lambda: {"before": Counter(), "after": Counter()})
    sanctions: dict[str, Counter] = field(default_factory=lambda: {"before": Counter(), "after": Counter()})
    deadlines: dict[str, int] = field(default_factory=lambda: {"before": 0, "after": 0})

    def count(self, side: str, outcome: dict[str, Any]) -> None:
        self.applies[side]["yes" if outcome["applies"] else "no"] += 1
        self.categories[side][outcome["category"] or NO_CATEGORY] += 1
        self.compensations[side].update(item["code"] for item in outcome["compensations"])
        self.sanctions[side].update(outcome["sanctions"]["required"] + outcome["sanctions"]["choose_one_of"])
        self.deadlines[side] += sum(1 for item in outcome["compensations"] if item["due_at"])

    def to_dict(self) -> dict[str, Any]:
        def both(pair):
            return {side: dict(sorted(counter.items())) for side, counter in pair.items()}

        return {"cases": self.cases, "changed": self.changed, "not_judged": self.not_judged,
                "undecided": self.undecided, "changed_by_aspect": {a: self.changed_by_aspect[a] for a in ASPECTS},
                "applies": both(self.applies), "categories": both(self.categories),
                "compensations": both(self.compensations), "sanctions": both(self.sanctions),
                "deadlines": dict(self.deadlines)}


def outcome_of(decision: dict[str, Any]) -> dict[str, Any]:
    """What a decision (its JSON) gives, in the terms a replay compares."""
    return {"decree": decision["decree"]["plugin"], "applies": bool(decision["applies"]),
            "category": decision.get("severity"),
            "compensations": [{"code": c["code"], "due_at": c.get("due_at"), "citation": c.get("citation")}
                              for c in decision.get("compensations", [])],
            "sanctions": {"required": list(decision["sanctions"]["required"]),
                          "choose_one_of": list(decision["sanctions"]["choose_one_of"])},
            "citations": list(decision.get("citations", []))}


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The aspects in which two outcomes differ: applies, category, compensations (the codes),
    sanctions, deadlines (the due time of a code both give, or a due time one gives alone)."""
    found = []
    if before["applies"] != after["applies"]:
        found.append("applies")
    if before["category"] != after["category"]:
        found.append("category")
    if sorted(c["code"] for c in before["compensations"]) != sorted(c["code"] for c in after["compensations"]):
        found.append("compensations")
    if ({k: sorted(v) for k, v in before["sanctions"].items()} != {k: sorted(v) for k, v in after["sanctions"].items()}):
        found.append("sanctions")
    due_before = {c["code"]: c["due_at"] for c in before["compensations"]}
    due_after = {c["code"]: c["due_at"] for c in after["compensations"]}
    codes = set(due_before) | set(due_after)
    if any(due_before.get(code) != due_after.get(code) and (due_before.get(code) or due_after.get(code)) for code in codes):
        found.append("deadlines")
    return found


def _batches(tenant: Tenant, period: Period, size: int) -> Iterator[list[Any]]:
    """The decided cases received in the period with their decision in force, ``size`` at a time,
    in (received_at, id) order (the index (tenant_id, received_at)); each batch starts after the
    last one's key."""
    start, end = period.bounds(ZoneInfo(tenant.timezone))
    statement = (select(Complaint.id, Complaint.tracking_code, Complaint.received_at, CaseDecision.facts,
                        CaseDecision.decision, CaseDecision.override)
                 .join(CaseDecision, (CaseDecision.tenant_id == Complaint.tenant_id)
                       & (CaseDecision.complaint_id == Complaint.id) & CaseDecision.superseded_at.is_(None))
                 .where(Complaint.received_at >= start, Complaint.received_at < end)
                 .order_by(Complaint.received_at, Complaint.id).limit(size))
    after = None
    while True:
        page = statement if after is None else statement.where(tuple_(Complaint.received_at, Complaint.id) > after)
        rows = Session.execute(page).all()
        if rows:
            yield rows
        if len(rows) < size:
            return
        after = (rows[-1].received_at, rows[-1].id)


def _undecided(tenant: Tenant, period: Period) -> int:
    start, end = period.bounds(ZoneInfo(tenant.timezone))
    decided = select(CaseDecision.complaint_id).where(CaseDecision.superseded_at.is_(None))
    return Session.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.received_at >= start, Complaint.received_at < end, Complaint.id.not_in(decided)))


def replay(registry: DecreeRegistry, tenant: Tenant, period: Period, plugin: str, *,
           batch_size: int = BATCH_SIZE) -> dict[str, Any]:
    """The agency's decided cases of the period (under the caller's tenant scope) judged again by
    ``plugin`` (checked with :func:`check_target` first): totals over every case, and the cases
    that would change or that the decree cannot judge from their recorded facts, one by one."""
    info = registry.info(plugin)
    settings = next((b.settings for b in tenant_bindings(tenant) if b.plugin == plugin), {})
    context = evaluation_context(tenant, settings)
    totals, cases = Totals(), []
    for batch in _batches(tenant, period, batch_size):
        for row in batch:
            totals.cases += 1
            before = outcome_of(row.decision)
            try:
                facts = load_facts(row.facts)
                after = outcome_of(registry.evaluate(plugin, facts, context, as_if_in_force=True).to_dict())
            except (FactsError, ValidationError) as exc:
                fields = exc.fields if isinstance(exc, FactsError) else flatten_errors(exc.messages)
                totals.not_judged += 1
                cases.append({"tracking_code": row.tracking_code, "changed": [], "judged": False,
                              "before": before, "after": None, "overridden": bool(row.override),
                              "fields": fields})
                continue
            changed = changes(before, after)
            totals.count("before", before)
            totals.count("after", after)
            totals.changed += bool(changed)
            totals.changed_by_aspect.update(changed)
            if changed:
                    cases.append({"tracking_code": row.tracking_code, "changed": changed, "judged": True,
                              "before": before, "after": after, "overridden": bool(row.override), "fields": {}})
    totals.undecided = _undecided(tenant, period)
    return {"tenant": tenant.slug, "period": {"label": period.label, "first": period.first.isoformat(),
                                              "following": period.following.isoformat()},
            "decree": {**info.ref(), "title": info.title, "draft": info.draft},
            "totals": totals.to_dict(), "cases": cases}


def summary_only(result: dict[str, Any]) -> dict[str, Any]:
    """The replay as those who read the province see it: totals and case codes with what changed,
    no facts and no decisions."""
    return {**result, "cases": [{"tracking_code": c["tracking_code"], "changed": c["changed"], "judged": c["judged"],
                                 "before": None, "after": None, "overridden": c["overridden"], "fields": {}}
                                for c in result["cases"]]}


def replay_table(result: dict[str, Any], detail: bool = True) -> tuple[list[str], list[list[Any]]]:
    """The cases of a replay as ``(columns, rows)``: code, what changed, category before and after.
    Without ``detail`` (those who read the province: :func:`summary_only`) the code, what changed
    and whether it was judged only, rather than empty before/after columns that would read as none."""
    columns = ["kode", "berubah", "dinilai", "kategori_sebelum", "kategori_sesudah", "kompensasi_sebelum",
               "kompensasi_sesudah"]
    rows = []
    for case in result["cases"]:
        before, after = case["before"] or {}, case["after"] or {}
        rows.append([case["tracking_code"], ", ".join(case["changed"]) or "-", "ya" if case["judged"] else "tidak",
                     before.get("category") or NO_CATEGORY, after.get("category") or NO_CATEGORY,
                     " ".join(c["code"] for c in before.get("compensations", [])),
                     " ".join(c["code"] for c in after.get("compensations", []))])
    if not detail:
        return columns[:3], [row[:3] for row in rows]
    return columns, rows
