"""Tenant isolation in one place.

Every ORM statement that touches a tenant-owned model is filtered to the
tenants in scope by one ``do_orm_execute`` listener (``with_loader_criteria``).
With no scope entered, such a statement raises :class:`TenantScopeError`
instead of returning every tenant's rows. Web requests enter the scope of the
tenant in the URL after the policy allows it; commands and scheduler jobs
enter it explicitly with :func:`tenant_scope`; cross-tenant work (sync, the
provincial view) says so with :func:`all_tenants`.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
import uuid
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from sqlalchemy import ForeignKey, Integer, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, declared_attr, mapped_column, with_loader_criteria
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import TextClause

from core.platform.db import Base, new_id


class TenantScopeError(RuntimeError):
    """A query on tenant-owned rows with no tenant in scope."""


logger = logging.getLogger("kompensasi.scope")
ALL = object()
SETTING = "app.tenant_ids"  # read by the row-level security policies of migration 0004
_scope: ContextVar[object] = ContextVar("tenant_scope", default=None)


class TenantOwned:
    """Mixin for every tenant-owned table: primary key (tenant_id, id), tenant first.

    Keys lead with ``tenant_id`` so the schema can be distributed by tenant
    (Citus: every primary and foreign key includes the distribution column).
    """

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(Integer, ForeignKey("tenants.id", ondelete="RESTRICT"), primary_key=True, sort_order=-2)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id, sort_order=-1)


@contextlib.contextmanager
def tenant_scope(tenant_ids: int | Iterable[int]) -> Iterator[None]:
    """Run a block with these tenants (one, or a province's several) in scope."""
    ids = frozenset([tenant_ids]) if isinstance(tenant_ids, int) else frozenset(tenant_ids)
    token = _scope.set(ids)
    try:
        yield
    finally:
        _scope.reset(token)


@contextlib.contextmanager
def all_tenants(reason: str | None = None) -> Iterator[None]:
    """Explicitly unscoped: for platform commands that work across tenants. Every use is logged
    (``kompensasi.scope``) with its reason, or the function that asked, as an audited bypass."""
    logger.info("all_tenants bypass: %s", reason or sys._getframe(2).f_code.co_qualname)
    token = _scope.set(ALL)
    try:
        yield
    finally:
        _scope.reset(token)


def enter(tenant_ids: int | Iterable[int]) -> object:
    """Enter a scope for the rest of a request; returns the token for :func:`leave`."""
    ids = frozenset([tenant_ids]) if isinstance(tenant_ids, int) else frozenset(tenant_ids)
    return _scope.set(ids)


def leave(token: object) -> None:
    _scope.reset(token)


def current() -> frozenset[int] | object | None:
    """The tenants in scope now: their ids, :data:`ALL`, or None (no scope)."""
    return _scope.get()


@functools.cache
def tenant_tables() -> frozenset[str]:
    """The names of the tenant-owned tables (every mapped subclass of :class:`TenantOwned`);
    read once, at the first query, when every model is mapped."""
    return frozenset(mapper.local_table.name for mapper in Base.registry.mappers if issubclass(mapper.class_, TenantOwned))


def _reaches_tenant_rows(statement) -> bool:
    """Whether a statement reads or writes a tenant-owned table anywhere: in its FROM, a join,
    a subquery, a CTE, a union, a scalar subquery in its WHERE."""
    names = tenant_tables()
    return any(getattr(element, "__visit_name__", None) == "table" and element.name in names
               for element in visitors.iterate(statement))


@event.listens_for(Session, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    """Every ORM statement in a tenant scope is filtered to it, however it is written (the
    criteria reach each tenant entity in joins, subqueries, CTEs and unions); with no scope, a
    statement that reaches a tenant table is refused; raw SQL is refused unless explicitly
    unscoped. (A model's table reached around its class is kept out of the code by a test,
    and PostgreSQL's row-level security filters whatever reaches the database anyway.)"""
    scope = _scope.get()
    if scope is ALL:
        return
    if isinstance(state.statement, TextClause):
        raise TenantScopeError("raw SQL on the session runs only inside all_tenants(); write it with the ORM")
    if not (state.is_select or state.is_update or state.is_delete) or state.is_column_load:
        return
    if scope is None:
        if _reaches_tenant_rows(state.statement):
            raise TenantScopeError(
                "query on tenant-owned rows with no tenant in scope; "
                "wrap it in tenant_scope(tenant_id) or all_tenants()"
            )
        return
    ids = tuple(scope)
    state.statement = state.statement.options(
        with_loader_criteria(TenantOwned, lambda cls: cls.tenant_id.in_(ids), include_aliases=True)
    )


@event.listens_for(Session, "before_flush")
def _writes_stay_in_scope(session: Session, _flush_context, _instances) -> None:
    """New or changed tenant rows must belong to a tenant in scope."""
    scope = _scope.get()
    if scope is ALL:
        return
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, TenantOwned):
            if scope is None:
                raise TenantScopeError(f"writing {type(obj).__name__} with no tenant in scope")
            if obj.tenant_id not in scope:
                raise TenantScopeError(f"writing {type(obj).__name__} of tenant {obj.tenant_id} outside the scope")


def _setting_value() -> str:
    scope = _scope.get()
    if scope is ALL:
        return "*"
    return ",".join(str(t) for t in sorted(scope)) if scope else ""


@event.listens_for(Engine, "before_cursor_execute")
def _tell_postgresql_the_scope(conn, cursor, statement, parameters, context, executemany) -> None:
    """Before a statement, the transaction's ``app.tenant_ids`` is the scope of now (set once per
    transaction and scope, transaction-local): PostgreSQL's row-level security reads it. A
    transaction starts with it empty (it is only ever set transaction-locally), which shows no
    tenant's rows: a statement with no scope (the token lookup) needs no round trip to say so."""
    if conn.dialect.name != "postgresql":
        return
    value = _setting_value()
    if conn.info.get(SETTING, "") != value:
        cursor.execute("SELECT set_config(%s, %s, true)", (SETTING, value))
        conn.info[SETTING] = value


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _transaction_over(conn) -> None:
    conn.info.pop(SETTING, None)
