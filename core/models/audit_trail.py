"""Every change of a case appends an audit event, from one flush listener (and, for rows the
scheduler writes in bulk, past the session's flush, from :func:`created_in_bulk`).

The actor is whoever :func:`begin` named (the signed-in user of an API request,
for the request's life). Audit rows are never updated or deleted: the ORM
refuses, and the migration adds a database trigger that refuses too.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar, Token
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from core.platform.db import new_id, utcnow
from core.models import (
    AuditEvent, CaseDecision, CitizenResponse, Complaint, CompensationGiven, DayOff, EvidenceFile, KaharPeriod, Letter,
    RequestPause, SanctionGiven, SanctionProposal, ServiceRequest,
)

AUDITED = (Complaint, CaseDecision, CompensationGiven, SanctionGiven, EvidenceFile, Letter, CitizenResponse,
           ServiceRequest, RequestPause, DayOff, KaharPeriod,  # a request's trail, with its pauses; the calendar
           SanctionProposal)
# What the trail records of a column marked secret (info={"secret": True}, e.g. the NIK, stored
# encrypted): that it was set, never the value, which would otherwise sit in the trail in clear.
SECRET_RECORDED = "(terenkripsi)"
_actor: ContextVar[int | None] = ContextVar("audit_actor", default=None)


class AuditTamperingError(RuntimeError):
    pass


def begin(user_id: int | None) -> Token:
    """Act as this user until :func:`end` (a request's whole life)."""
    return _actor.set(user_id)


def end(token: Token) -> None:
    _actor.reset(token)



def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _apply_defaults(obj: Any) -> None:
    """Give a new row its Python-side column defaults now, not during the flush, so that its
    create event records the values that will actually be stored."""
    for attr in inspect(obj).mapper.column_attrs:
        column = attr.columns[0]
        default = column.default
        if getattr(obj, attr.key) is None and default is not None and not column.primary_key:
            value = default.arg(None) if default.is_callable else default.arg
            setattr(obj, attr.key, value)


def _recorded(attr: Any, value: Any) -> Any:
    if value is not None and attr.columns[0].info.get("secret"):
        return SECRET_RECORDED
    return _plain(value)


def _snapshot(obj: Any, *, before: bool) -> dict[str, Any]:
    state = inspect(obj)
    values = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if before:
            value = history.deleted[0] if history.deleted else (history.unchanged[0] if history.unchanged else None)
        else:
            value = getattr(obj, attr.key)
        values[attr.key] = _recorded(attr, value)
    return values


def _changed(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before, after = {}, {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes() and attr.key not in ("updated_at", "version"):
            before[attr.key] = _recorded(attr, history.deleted[0]) if history.deleted else None
            after[attr.key] = _recorded(attr, history.added[0]) if history.added else None
    return before, after


@event.listens_for(Session, "before_flush")
def _record(session: Session, _flush_context, _instances) -> None:
    for obj in session.dirty | session.deleted:
        if isinstance(obj, AuditEvent):
            raise AuditTamperingError("audit events are append-only")
    events = []
    for obj in session.new:
        if isinstance(obj, AUDITED):
            if obj.id is None:
                obj.id = uuid.uuid4()
            _apply_defaults(obj)
            events.append((obj, "create", None, _snapshot(obj, before=False)))
    for obj in session.dirty:
        if isinstance(obj, AUDITED) and session.is_modified(obj, include_collections=False):
            before, after = _changed(obj)
            if after:
                events.append((obj, "update", before, after))
    for obj in session.deleted:
        if isinstance(obj, AUDITED):
            events.append((obj, "delete", _snapshot(obj, before=True), None))
    for obj, action, before, after in events:
        session.add(
            AuditEvent(
                tenant_id=obj.tenant_id,
                entity=type(obj).__tablename__,
                entity_id=str(obj.id),
                action=action,
                actor_id=_actor.get(),
                before=before,
                after=after,
            )
        )


def created_in_bulk(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Insert new rows of an audited model in one ORM bulk statement, each with its ``create``
    event as the flush listener would record it: every column's stored value, Python-side
    defaults given now. The bulk path of the breach sweep, where a flush per object would cost
    more than the decree's judgement."""
    if not rows:
        return
    columns = inspect(model).column_attrs
    for row in rows:
        for attr in columns:
            column = attr.columns[0]
            if attr.key not in row:
                default = column.default
                if default is not None and not column.primary_key:
                    row[attr.key] = default.arg(None) if default.is_callable else default.arg
                elif default is None and column.server_default is None:
                    row[attr.key] = None
    # A plain executemany, no RETURNING: psycopg 3 pipelines it (one round trip for the batch)
    # and keeps one short prepared statement, where RETURNING would make SQLAlchemy build one
    # long multi-row INSERT per batch that the driver parses afresh every time.
    session.execute(insert(model), rows)
    at = utcnow()
    session.execute(insert(AuditEvent), [
        {"tenant_id": row["tenant_id"], "id": new_id(), "entity": model.__tablename__, "entity_id": str(row["id"]),
         "action": "create", "actor_id": _actor.get(), "at": at, "before": None,
         "after": {key: _plain(value) for key, value in row.items()}}
        for row in rows
    ])
