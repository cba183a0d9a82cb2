"""A service request's clock paused by an officer, with a reason from a closed list."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base
from core.models.scope import TenantOwned
from core.vocabulary import PAUSE_REASONS


class RequestPause(TenantOwned, Base):
    """One pause of one request's clock: open while ``ended_at`` is None. The paused interval
    stops that request's clock as a keadaan kahar stops every clock of the agency."""

    __tablename__ = "request_pauses"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "service_request_id"], ["service_requests.tenant_id", "service_requests.id"],
            ondelete="CASCADE",
        ),
        Index(None, "tenant_id", "service_request_id", "started_at"),
        CheckConstraint("reason IN (" + ", ".join(f"'{code}'" for code in PAUSE_REASONS) + ")", name="reason"),
        CheckConstraint("ended_at IS NULL OR ended_at >= started_at", name="ends_after_start"),
    )

    service_request_id: Mapped[uuid.UUID]
    reason: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    started_by: Mapped[int | None]
    ended_at: Mapped[datetime | None]
    ended_by: Mapped[int | None]
