"""Which decree judges a tenant's facts, decided in one place.

A tenant binds decrees with effective dates (``tenants/*.toml`` → ``tenant_decrees``).
Facts are judged by the binding in force on the day they occurred; facts that
precede every binding are not judged (``applies: false`` with the reason).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.db import Session
from core.domain_errors import Conflict
from core.decrees.compose import compose, part_of
from core.decrees.contract import Classification, Decision, EvaluationContext, Facts
from core.decrees.kahar import stops_clocks
from core.decrees.registry import DecreeRegistry
from core.calendars import tenant_calendar
from core.models import ServiceType, Tenant, TenantDecree
from core.scope import tenant_scope
from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.stored import stored_norm


class NoDecreeBound(Conflict):
    """The agency has no decree bound: nothing can judge its facts until its tenant file binds one."""

    code = "no_decree"

    def __init__(self, slug: str):
        super().__init__(f"agency {slug!r} has no decree bound: bind one in its tenant file ([[decrees]])")
        self.slug = slug


@dataclass(frozen=True)
class Binding:
    plugin: str
    effective_from: date
    effective_until: date | None
    settings: dict[str, Any]

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day < self.effective_until)


def binding_on(bindings: list[Binding], day: date) -> Binding | None:
    for binding in bindings:
        if binding.covers(day):
            return binding
    return None


def tenant_bindings(tenant: Tenant) -> list[Binding]:
    with tenant_scope(tenant.id):
        rows = Session.scalars(select(TenantDecree).order_by(TenantDecree.effective_from)).all()
    return [Binding(r.plugin, r.effective_from, r.effective_until, dict(r.settings or {})) for r in rows]


def request_calendar(registry: DecreeRegistry, tenant: Tenant, day: date) -> WorkingCalendar:
    """The calendar a tenant's request clocks run on from ``day``: keadaan kahar stops them only
    where the decree bound on that day says so, or the binding sets ``kahar_stops_clock``."""
    return request_calendars(registry, tenant)(day)


def request_calendars(registry: DecreeRegistry, tenant: Tenant) -> Callable[[date], WorkingCalendar]:
    """:func:`request_calendar` for many requests of one tenant: its calendar and bindings are read
    once, and the answer for each day is the calendar of the binding in force that day."""
    calendar = tenant_calendar(tenant)
    if not calendar.kahar:
        return lambda _day: calendar
    bindings = tenant_bindings(tenant)
    running_through = calendar.without_kahar()

    def on(day: date) -> WorkingCalendar:
        binding = binding_on(bindings, day)
        if binding is not None and stops_clocks(registry.info(binding.plugin), binding.settings):
            return calendar
        return running_through

    return on


def evaluation_context(tenant: Tenant, settings: dict[str, Any] | None = None) -> EvaluationContext:
    with tenant_scope(tenant.id):
        catalogue = {st.code: stored_norm(st) for st in Session.scalars(select(ServiceType))}
    return EvaluationContext(
        calendar=tenant_calendar(tenant), catalogue=catalogue, settings=settings or {}
    )


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
