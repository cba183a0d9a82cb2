"""The append-only audit trail: who changed what on a case, when, before and after."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.models.scope import TenantOwned


class AuditEvent(TenantOwned, Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "tenant_id", "entity", "entity_id", "at"),)

    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    before: Mapped[dict | None]
    after: Mapped[dict | None]
