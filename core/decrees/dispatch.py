"""Which decree judges a tenant's facts, decided in one place.

A tenant binds decrees with effective dates (``tenants/*.toml`` → ``tenant_decrees``).
Facts are judged by the binding in force on the day they occurred; facts that
precede every binding are not judged (``applies: false`` with the reason).
"""

from __future__ import annotations

from datetime import date
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from core.domain_errors import Conflict
from core.decrees.compose import compose, part_of
from core.decrees.contract import Classification, Decision, EvaluationContext, Facts
from core.decrees.kahar import stops_clocks
from core.decrees.registry import DecreeRegistry
from core.models import Tenant
from core.tenant_context import Binding, binding_on, context_of
from core.timekeeping.calendar import WorkingCalendar


class NoDecreeBound(Conflict):
    """The agency has no decree bound: nothing can judge its facts until its tenant file binds one."""

    code = "no_decree"

    def __init__(self, slug: str):
        super().__init__(f"agency {slug!r} has no decree bound: bind one in its tenant file ([[decrees]])")
        self.slug = slug


def tenant_bindings(tenant: Tenant) -> tuple[Binding, ...]:
    return context_of(tenant).bindings


def request_calendar(registry: DecreeRegistry, tenant: Tenant, day: date) -> WorkingCalendar:
    """The calendar a tenant's request clocks run on from ``day``: keadaan kahar stops them only
    where the decree bound on that day says so, or the binding sets ``kahar_stops_clock``."""
    calendar = context_of(tenant).calendar
    if not calendar.kahar:
        return calendar
    binding = binding_on(tenant_bindings(tenant), day)
    if binding is not None and stops_clocks(registry.info(binding.plugin), binding.settings):
        return calendar
    return calendar.without_kahar()


def evaluation_context(tenant: Tenant, settings: dict[str, Any] | None = None) -> EvaluationContext:
    """The tenant's calendar and catalogue (kept per process, core.tenant_context) with a binding's settings."""
    kept = context_of(tenant)
    return EvaluationContext(calendar=kept.calendar, catalogue=MappingProxyType(kept.catalogue), settings=settings or {})


def _binding_for(tenant: Tenant, facts: Facts) -> tuple[Binding, Classification | None]:
    """The binding in force on the day of the facts; else the tenant's first binding and the
    classification that says why no decree judges them."""
    bindings = tenant_bindings(tenant)
    if not bindings:
        raise NoDecreeBound(tenant.slug)
    day = facts.occurred_at.astimezone(ZoneInfo(tenant.timezone)).date()
    binding = binding_on(bindings, day)
    if binding is not None:
        return binding, None
    first = bindings[0]
    reason = (f"facts dated {day} are not covered by any decree bound to {tenant.slug}"
              f" (first binding: {first.plugin} from {first.effective_from})")
    return first, Classification(False, facts.component, notes=(reason,))


def evaluate_for_tenant(registry: DecreeRegistry, tenant: Tenant, facts: Facts) -> Decision:
    """The decision of the decree bound to the tenant on the day the facts occurred."""
    binding, uncovered = _binding_for(tenant, facts)
    if uncovered is not None:
        return compose(registry.info(binding.plugin), uncovered, None, None)
    return registry.evaluate(binding.plugin, facts, evaluation_context(tenant, binding.settings))


def part_for_tenant(registry: DecreeRegistry, tenant: Tenant, facts: Facts, only: str) -> dict[str, Any]:
    """One question's answer (classify, compensate or sanction) of the tenant's decree."""
    binding, uncovered = _binding_for(tenant, facts)
    if uncovered is not None:
        return part_of(only, registry.info(binding.plugin), uncovered)
    return registry.part(binding.plugin, facts, evaluation_context(tenant, binding.settings), only)
