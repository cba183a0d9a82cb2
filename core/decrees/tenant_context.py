"""A tenant's evaluation context, kept per process until the tenant's ``context_version`` moves.

Besides the facts, a decision depends on the tenant's decree bindings, its working calendar (its
days off and keadaan kahar periods) and its service catalogue's time norms. They change rarely and
are read on every preview and decision, so each process keeps them per tenant (and per database),
labelled with the tenant's ``context_version``. Every write to those tables, through the unit of
work or as a bulk statement, bumps the version in the same transaction; the next request in any
process reads the new version with its tenant and rebuilds. The label is the version read at the
start of the request, before the context's own rows, so a context is never older than its label.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm import Session as OrmSession

from core.models import scope
from core.decrees.calendars import tenant_calendar
from core.platform.db import Session
from core.models import DayOff, KaharPeriod, ServiceType, Tenant, TenantDecree
from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.norms import TimeNorm
from core.timekeeping.stored import stored_norm

CONTEXT_MODELS = (ServiceType, TenantDecree, DayOff, KaharPeriod)


@dataclass(frozen=True)
class Binding:
    plugin: str
    effective_from: date
    effective_until: date | None
    settings: dict[str, Any]

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day < self.effective_until)


def binding_on(bindings: tuple[Binding, ...] | list[Binding], day: date) -> Binding | None:
    for binding in bindings:
        if binding.covers(day):
            return binding
    return None


@dataclass(frozen=True)
class TenantContext:
    version: int
    bindings: tuple[Binding, ...]
    calendar: WorkingCalendar
    catalogue: Mapping[str, TimeNorm]


_contexts: weakref.WeakKeyDictionary[Engine, dict[int, TenantContext]] = weakref.WeakKeyDictionary()


def context_of(tenant: Tenant) -> TenantContext:
    """The tenant's context at the version of ``tenant`` as read: from memory, or built once.
    Pending changes are flushed first, so that a change made in this session has moved the
    version before it is compared."""
    if Session.new or Session.dirty or Session.deleted:
        Session.flush()
    per_database = _contexts.setdefault(Session.get_bind(), {})
    known = per_database.get(tenant.id)
    if known is not None and known.version == tenant.context_version:
        return known
    built = _build(tenant)
    per_database[tenant.id] = built
    return built


def _build(tenant: Tenant) -> TenantContext:
    with scope.tenant_scope(tenant.id):
        rows = Session.scalars(select(TenantDecree).order_by(TenantDecree.effective_from)).all()
        catalogue = {row.code: stored_norm(row) for row in Session.scalars(select(ServiceType))}
    bindings = tuple(Binding(r.plugin, r.effective_from, r.effective_until, dict(r.settings or {})) for r in rows)
    return TenantContext(tenant.context_version, bindings, tenant_calendar(tenant), catalogue)


def forget_all() -> None:
    """Drop every kept context (tests, or after changing rows around the ORM)."""
    _contexts.clear()


def _bump(connection, tenant_ids) -> dict[int, int]:
    """Move the tenants' versions on; their new values by tenant id."""
    statement = update(Tenant).values(context_version=Tenant.context_version + 1)
    if tenant_ids is not scope.ALL:
        statement = statement.where(Tenant.id.in_(sorted(tenant_ids)))
    return dict(connection.execute(statement.returning(Tenant.id, Tenant.context_version)).all())


@event.listens_for(OrmSession, "after_flush")
def _bump_after_unit_of_work(session: OrmSession, _context) -> None:
    touched = {obj.tenant_id for obj in chain(session.new, session.dirty, session.deleted)
               if isinstance(obj, CONTEXT_MODELS)}
    touched |= {obj.id for obj in session.dirty
                if isinstance(obj, Tenant) and session.is_modified(obj, include_collections=False)}
    touched.discard(None)
    if touched:
        session.info.setdefault("context_bumped", {}).update(_bump(session.connection(), touched))


@event.listens_for(OrmSession, "after_flush_postexec")
def _note_bumped_versions(session: OrmSession, _context) -> None:
    """The session's own tenant objects learn their new version (as if loaded: nothing to write)."""
    bumped = session.info.pop("context_bumped", None)
    if bumped:
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Tenant) and obj.id in bumped:
                set_committed_value(obj, "context_version", bumped[obj.id])


@event.listens_for(OrmSession, "do_orm_execute")
def _bump_on_bulk_statement(state: ORMExecuteState) -> None:
    """A bulk INSERT, UPDATE or DELETE on a context table bumps the tenants in scope."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is None or not issubclass(mapper.class_, CONTEXT_MODELS):
        return
    in_scope = scope.current()
    if in_scope:
        _bump(state.session.connection(), in_scope)
