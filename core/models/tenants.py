"""Agencies (tenants), the decrees bound to them, and their calendar data."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.models.scope import TenantOwned


class Tenant(Base):
    """One agency (Dinas / penyelenggara). Not tenant-owned: it is the tenant."""

    __tablename__ = "tenants"
    __table_args__ = (CheckConstraint("level IN ('kota', 'kabupaten', 'provinsi')", name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    province_code: Mapped[str] = mapped_column(String(8), index=True)
    province_name: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    working_days: Mapped[list] = mapped_column(default=lambda: [0, 1, 2, 3, 4])
    working_periods: Mapped[list] = mapped_column(default=lambda: [["07:30", "12:00"], ["13:00", "16:00"]])
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id"))
    letterhead: Mapped[dict] = mapped_column(default=dict)
    config_digest: Mapped[str] = mapped_column(String(64), default="")
    # Bumped whenever what the tenant's decisions depend on changes (its decree bindings, catalogue,
    # days off, kahar periods, or this row): the per-process evaluation context is rebuilt on a bump
    # (core.decrees.tenant_context).
    context_version: Mapped[int] = mapped_column(default=1, server_default="1")
    warning_share: Mapped[float] = mapped_column(default=0.8, server_default="0.8")  # of a norm, before the warning
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TenantDecree(TenantOwned, Base):
    """A decree bound to a tenant from a date (and until its successor takes over)."""

    __tablename__ = "tenant_decrees"
    __table_args__ = (UniqueConstraint("tenant_id", "plugin", "effective_from"),)

    plugin: Mapped[str] = mapped_column(String(64))
    effective_from: Mapped[date] = mapped_column(Date)
    effective_until: Mapped[date | None] = mapped_column(Date)
    settings: Mapped[dict] = mapped_column(default=dict)


class DayOff(TenantOwned, Base):
    """A tenant's own day off, beyond national holidays and cuti bersama."""

    __tablename__ = "days_off"
    __table_args__ = (UniqueConstraint("tenant_id", "day"),)

    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))


class KaharPeriod(TenantOwned, Base):
    """A declared keadaan kahar: time norms stop running; claims wait until it ends."""

    __tablename__ = "kahar_periods"
    __table_args__ = (
        Index(None, "tenant_id", "starts_at"),
        CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ends_after_start"),
    )

    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text)
    declared_by: Mapped[int | None]  # the user who declared it (None: a tenant file or a command without --by)
    declared_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    ended_by: Mapped[int | None]  # who set the end of a period declared open-ended
