"""The deadlines of a tenant's open requests, computed again after its calendar changed.

One set-based pass: the open requests, their pauses and the service types are read once, the
tenant's calendar and decree bindings once (``request_calendars``), each deadline is computed by
the one function that sets a request's deadline (``catalogue.set_deadline_and_status``), and the
changed rows are written back in one executemany UPDATE. Finished requests (completed, handed
over) are not read: they keep the judgement they were given.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import and_, bindparam, inspect, select, update
from sqlalchemy.orm.exc import StaleDataError

from core.agency.catalogue import set_deadline_and_status
from core.platform.db import Session
from core.decrees.dispatch import request_calendars
from core.decrees.registry import DecreeRegistry
from core.models import RequestPause, ServiceRequest, ServiceType, Tenant

OPEN_STATUSES = ("received", "in_progress", "paused")


class _StoredRequest:
    """A request as ``set_deadline_and_status`` sees it: its stored columns to read, its pauses,
    and whatever the function sets recorded in ``assigned`` (every deadline field it sets today,
    and any it sets tomorrow)."""

    def __init__(self, values: dict[str, Any], pauses: list[RequestPause]):
        object.__setattr__(self, "stored", values)
        object.__setattr__(self, "pauses", pauses)
        object.__setattr__(self, "assigned", {})

    def __getattr__(self, name: str) -> Any:
        if name in self.assigned:
            return self.assigned[name]
        try:
            return self.stored[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        self.assigned[name] = value

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.assigned.items() if self.stored.get(k) != v}


def recompute_open_deadlines(registry: DecreeRegistry, tenant: Tenant) -> int:
    """Set again the deadline fields of the tenant's open requests; returns how many changed.
    The rows are locked while read (PostgreSQL), and each changed row's version moves on, so a
    client holding the old version must read the new deadline before it writes."""
    columns = [attr.key for attr in inspect(ServiceRequest).column_attrs]
    open_requests = select(*(getattr(ServiceRequest, key) for key in columns)).where(
        ServiceRequest.tenant_id == tenant.id, ServiceRequest.status.in_(OPEN_STATUSES))
    rows = Session.execute(open_requests.with_for_update()).mappings().all()
    if not rows:
        return 0
    pauses: dict[Any, list[RequestPause]] = defaultdict(list)
    for pause in Session.scalars(
        select(RequestPause)
        .join(ServiceRequest, and_(ServiceRequest.tenant_id == RequestPause.tenant_id,
                                   ServiceRequest.id == RequestPause.service_request_id))
        .where(RequestPause.tenant_id == tenant.id, ServiceRequest.status.in_(OPEN_STATUSES))
        .order_by(RequestPause.started_at)
    ):
        pauses[pause.service_request_id].append(pause)
    service_types = {st.id: st for st in Session.scalars(select(ServiceType))}
    calendars = request_calendars(registry, tenant)
    updates = []
    for row in rows:
        request = _StoredRequest(dict(row), pauses[row["id"]])
        set_deadline_and_status(registry, tenant, request, service_types[row["service_type_id"]], calendars=calendars)
        changed = request.changes()
        if changed:
            updates.append({"tenant_id": tenant.id, "id": row["id"], "version": row["version"], **request.assigned})
    if updates:
        _write(tenant, updates)
    return len(updates)


def _write(tenant: Tenant, updates: list[dict[str, Any]]) -> None:
    """One UPDATE run as an executemany over the changed rows, each guarded by the version it was
    read at (a row changed meanwhile is a StaleDataError, answered 409, and nothing is kept)."""
    keys = [key for key in updates[0] if key not in ("tenant_id", "id", "version")]
    statement = (
        update(ServiceRequest)
        .where(ServiceRequest.tenant_id == tenant.id, ServiceRequest.id == bindparam("row_id"),
               ServiceRequest.version == bindparam("row_version"))
        .values({**{key: bindparam(f"new_{key}", type_=getattr(ServiceRequest, key).type) for key in keys},
                 "version": ServiceRequest.version + 1})
    )
    params = [{"row_id": row["id"], "row_version": row["version"], **{f"new_{k}": row[k] for k in keys}} for row in updates]
    result = Session.execute(statement, params, execution_options={"dml_strategy": "core_only"})
    if result.rowcount not in (-1, len(params)):
        raise StaleDataError(f"{len(params) - result.rowcount} open request(s) changed while their deadlines were recomputed")
