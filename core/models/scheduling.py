"""What the scheduler keeps: notifications to staff, each tenant's daily summary, and the job
leases that let one process among many run a job per tick."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKeyConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.models.scope import TenantOwned


class Notification(TenantOwned, Base):
    """A message to a role of a tenant (``recipient_role``) or to one user (``recipient_user_id``),
    about a case or not; unread while ``read_at`` is empty."""

    __tablename__ = "notifications"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "complaint_id"], ["complaints.tenant_id", "complaints.id"]),
        Index(None, "tenant_id", "recipient_role", "read_at"),
        Index(None, "tenant_id", "recipient_user_id", "read_at"),
        Index(None, "tenant_id", "complaint_id"),
        Index(None, "tenant_id", "channel", "sent_at"),
    )

    complaint_id: Mapped[uuid.UUID | None]
    recipient_role: Mapped[str | None] = mapped_column(String(32))
    recipient_user_id: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    # Where the message goes (core/casework/notices.py): "inbox", a member of staff's; "case", the
    # complainant's, recorded on the case (read with the tracking code); "email", the complainant's,
    # sent to ``recipient_address`` after the commit that recorded it, its outcome kept here.
    channel: Mapped[str] = mapped_column(String(16), default="inbox", server_default="inbox")
    recipient_address: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    delivery_error: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class DailySummary(TenantOwned, Base):
    """One tenant's counts on one day (in its own zone): open requests, at risk (past the warning
    share of their norm), late, and compensation past due and not given."""

    __tablename__ = "daily_summaries"
    __table_args__ = (UniqueConstraint("tenant_id", "day"),)

    day: Mapped[date] = mapped_column(Date)
    open_requests: Mapped[int]
    at_risk: Mapped[int]
    late: Mapped[int]
    overdue_compensation: Mapped[int]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class SchedulerLease(Base):
    """Who runs a job now (until ``lease_until``, renewed while it works) and the last tick it
    was run for: the platform's own row, not a tenant's."""

    __tablename__ = "scheduler_leases"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    last_tick: Mapped[datetime | None]
    last_finished_at: Mapped[datetime | None]
