"""The same facts under every installed decree (``flask decree compare``, the provincial view)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.platform.db import Session
from core.decrees.contract import EvaluationContext, Facts, FactsError
from core.decrees.dispatch import evaluation_context
from core.decrees.registry import DecreeRegistry
from core.platform.domain_errors import error_body
from core.models import Tenant, TenantDecree
from core.models.scope import all_tenants
from core.timekeeping.calendar import WorkingCalendar


def context_for(plugin: str) -> EvaluationContext:
    """The context of a tenant bound to the decree (its calendar, catalogue, settings), else the defaults."""
    with all_tenants():
        binding = Session.scalar(select(TenantDecree).where(TenantDecree.plugin == plugin).limit(1))
        tenant = Session.get(Tenant, binding.tenant_id) if binding else None
    if tenant is None:
        return EvaluationContext(calendar=WorkingCalendar())
    return evaluation_context(tenant, dict(binding.settings or {}))


def compare(registry: DecreeRegistry, facts: Facts, only: str | None = None) -> list[dict[str, Any]]:
    """Every decree's decision for the facts (drafts aside), or with ``only`` the answer to one
    question (``classify``, ``compensate``, ``sanction``) lined up across the decrees."""
    answers = []
    for plugin in registry.names():
        if registry.info(plugin).draft:  # a draft is replayed (core/province/replay.py), not compared
            continue
        context = context_for(plugin)
        try:
            if only is None:
                answers.append(registry.evaluate(plugin, facts, context).to_dict())
            else:
                answers.append(registry.part(plugin, facts, context, only))
        except FactsError as exc:
            answers.append({"decree": registry.info(plugin).ref(), **error_body("invalid_facts", exc.message, exc.fields)})
    return answers
