"""Which decree judges a tenant's facts, decided in one place.

A tenant binds decrees with effective dates (``tenants/*.toml`` → ``tenant_decrees``).
Facts are judged by the binding in force on the day they occurred; facts that
precede every binding are not judged (``applies: false`` with the reason).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.platform.db import Session
from core.platform.domain_errors import Conflict
from core.decrees.compose import compose, part_of
from core.decrees.contract import Classification, Decision, EvaluationContext, Facts
from core.decrees.kahar import stops_clocks
from core.decrees.registry import DecreeRegistry
from core.models import DayOff, KaharPeriod, ServiceType, Tenant, TenantDecree
from core.models.scope import tenant_scope
from core.decrees.tenant_context import Binding, binding_on, context_of
from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.stored import stored_norm, working_calendar


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
    return request_calendars(registry, tenant)(day)


def request_calendars(registry: DecreeRegistry, tenant: Tenant) -> Callable[[date], WorkingCalendar]:
    """:func:`request_calendar` for many requests of one tenant: its calendar and bindings are read
    once, and the answer for each day is the calendar of the binding in force that day."""
    calendar = context_of(tenant).calendar
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
    """The tenant's calendar and catalogue (kept per process, core.decrees.tenant_context) with a binding's settings."""
    kept = context_of(tenant)
    return EvaluationContext(calendar=kept.calendar, catalogue=MappingProxyType(kept.catalogue), settings=settings or {})


def _binding_for(tenant: Tenant, facts: Facts, bindings: tuple[Binding, ...] | list[Binding] | None = None
                 ) -> tuple[Binding, Classification | None]:
    """The binding in force on the day of the facts; else the tenant's first binding and the
    classification that says why no decree judges them."""
    bindings = tenant_bindings(tenant) if bindings is None else bindings
    if not bindings:
        raise NoDecreeBound(tenant.slug)
    day = facts.occurred_at.astimezone(ZoneInfo(tenant.timezone)).date()
    binding = binding_on(bindings, day)
    if binding is not None:
        return binding, None
    first = bindings[0]
    reason = (f"fakta bertanggal {day} tidak tercakup keputusan mana pun yang terikat pada {tenant.slug}"
              f" (keputusan pertama yang terikat: {first.plugin} sejak {first.effective_from})")
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


class TenantDecrees:
    """One tenant's bindings and evaluation context (calendar, catalogue), read once and asked
    many times: a sweep judges every breach of a tenant with one of these, not a load per case.
    The answers are those of :func:`evaluate_for_tenant` on the same facts."""

    def __init__(self, registry: DecreeRegistry, tenant: Tenant, bindings: list[Binding],
                 context: EvaluationContext, service_codes: dict[Any, str]):
        self.registry = registry
        self.tenant = tenant
        self.bindings = bindings
        self.context = context
        self.service_codes = service_codes

    @classmethod
    def load(cls, registry: DecreeRegistry, tenants: list[Tenant]) -> dict[int, TenantDecrees]:
        """Many tenants' contexts in four statements (bindings, service types, days off, kahar)
        under their scope, the national holiday list looked up once for all of them."""
        ids = [tenant.id for tenant in tenants]
        bindings: dict[int, list[Binding]] = {i: [] for i in ids}
        services: dict[int, list[ServiceType]] = {i: [] for i in ids}
        days_off: dict[int, dict[date, str]] = {i: {} for i in ids}
        kahar: dict[int, list] = {i: [] for i in ids}
        with tenant_scope(ids):
            for row in Session.scalars(select(TenantDecree).order_by(TenantDecree.effective_from)):
                bindings[row.tenant_id].append(Binding(row.plugin, row.effective_from, row.effective_until,
                                                       dict(row.settings or {})))
            for service in Session.scalars(select(ServiceType)):
                services[service.tenant_id].append(service)
            for row in Session.scalars(select(DayOff)):
                days_off[row.tenant_id][row.day] = row.name
            for row in Session.scalars(select(KaharPeriod)):
                kahar[row.tenant_id].append((row.starts_at, row.ends_at))
        national: dict[int, dict[date, str]] = {}
        return {
            tenant.id: cls(
                registry, tenant, bindings[tenant.id],
                EvaluationContext(calendar=working_calendar(tenant, days_off[tenant.id], kahar[tenant.id], national),
                                  catalogue={st.code: stored_norm(st) for st in services[tenant.id]}),
                {st.id: st.code for st in services[tenant.id]},
            )
            for tenant in tenants
        }

    def evaluate(self, facts: Facts) -> Decision:
        binding, uncovered = _binding_for(self.tenant, facts, self.bindings)
        if uncovered is not None:
            return compose(self.registry.info(binding.plugin), uncovered, None, None)
        context = EvaluationContext(self.context.calendar, self.context.catalogue, binding.settings)
        return self.registry.evaluate(binding.plugin, facts, context)
