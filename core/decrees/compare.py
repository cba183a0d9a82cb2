"""The same facts under every installed decree (``flask decree compare``, the provincial view)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.db import Session
from core.decrees.contract import EvaluationContext, Facts, FactsError
from core.decrees.registry import DecreeRegistry
from core.models import Tenant, TenantDecree
from core.tenancy import all_tenants


def context_for(plugin: str) -> EvaluationContext:
    """The context of a tenant bound to the decree (its calendar, catalogue, settings), else the defaults."""
    from core.decrees.dispatch import tenant_context
    from core.timekeeping.calendar import WorkingCalendar

    with all_tenants():
        binding = Session.scalar(select(TenantDecree).where(TenantDecree.plugin == plugin).limit(1))
        tenant = Session.get(Tenant, binding.tenant_id) if binding else None
    if tenant is None:
        return EvaluationContext(calendar=WorkingCalendar())
    return tenant_context(tenant, dict(binding.settings or {}))


def compare(registry: DecreeRegistry, facts: Facts) -> list[dict[str, Any]]:
    answers = []
    for plugin in registry.names():
        try:
            answers.append(registry.evaluate(plugin, facts, context_for(plugin)).to_dict())
        except FactsError as exc:
            info = registry.info(plugin)
            answers.append({
                "decree": {"plugin": plugin, "number": info.number, "version": info.version},
                "error": {"code": "invalid_facts", "message": exc.message, "fields": {exc.field: [exc.message]}},
            })
    return answers
