"""What the citizen says on a case through the public pages, and the count of public writes."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.models.scope import TenantOwned

RECEIVED, NOT_RECEIVED, OBJECTION = "diterima", "tidak_diterima", "keberatan"
RESPONSE_KINDS = (RECEIVED, NOT_RECEIVED, OBJECTION)


class CitizenResponse(TenantOwned, Base):
    """The citizen's word on a case: a compensation received or not (``compensation_id`` set),
    or an objection (keberatan) to its outcome. Appended, never changed: the latest answer on a
    compensation is the one that stands."""

    __tablename__ = "citizen_responses"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "complaint_id"], ["complaints.tenant_id", "complaints.id"]),
        ForeignKeyConstraint(["tenant_id", "compensation_id"], ["compensations.tenant_id", "compensations.id"]),
        Index(None, "tenant_id", "complaint_id", "at"),
    )

    complaint_id: Mapped[uuid.UUID]
    compensation_id: Mapped[uuid.UUID | None]
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class PublicRateEvent(Base):
    """One write (or one unknown tracking code) from a client address on the public pages,
    kept in the shared database so every worker counts the same."""

    __tablename__ = "public_rate_events"
    __table_args__ = (Index(None, "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(default=utcnow)
