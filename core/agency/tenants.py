"""Every agency on the platform, for the jobs that visit each one in turn."""

from __future__ import annotations

from sqlalchemy import select

from core.models import Tenant
from core.platform.db import Session


def all_agencies() -> list[Tenant]:
    """Every tenant, in a stable order (by id)."""
    return list(Session.scalars(select(Tenant).order_by(Tenant.id)))
