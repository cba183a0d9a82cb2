"""Service types (a Standar Pelayanan each) and service requests."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.platform.db import Base, utcnow
from core.models.pauses import RequestPause
from core.models.scope import TenantOwned


class ServiceType(TenantOwned, Base):
    """A jenis layanan with the 14 components of its Standar Pelayanan and its parsed time norm."""

    __tablename__ = "service_types"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)

    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(200), default="")
    components: Mapped[dict] = mapped_column(default=dict)
    time_norm_text: Mapped[str] = mapped_column(Text)
    norm_min: Mapped[float]
    norm_max: Mapped[float]
    norm_unit: Mapped[str] = mapped_column(String(16))
    norm_working: Mapped[bool]
    norm_clock_starts: Mapped[str] = mapped_column(String(32))
    norm_working_hours: Mapped[list | None]  # ["08:00", "15:30"]: the service's own printed jam kerja
    source: Mapped[str] = mapped_column(String(100), default="tenant")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ServiceRequest(TenantOwned, Base):
    """One permohonan layanan; its clock runs against the service type's norm."""

    __tablename__ = "service_requests"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "service_type_id"], ["service_types.tenant_id", "service_types.id"]),
        UniqueConstraint("tenant_id", "reference"),
        # The breach sweep's index; ``id`` at its end lets the sweep read the keys of late
        # requests from the index alone, as a bare count of them does (core/casework/sweeps.py).
        Index(None, "tenant_id", "status", "due_at", "id"),
        Index(None, "tenant_id", "service_type_id"),
        Index(None, "tenant_id", "received_at"),  # the listing's order (newest first)
        Index(None, "tenant_id", "status", "warn_at"),
        Index(None, "tenant_id", "completed_at"),  # the provincial view's rollups read a month's served requests
    )

    service_type_id: Mapped[uuid.UUID]
    reference: Mapped[str] = mapped_column(String(64))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_contact: Mapped[str] = mapped_column(String(200), default="")
    user_in_jurisdiction: Mapped[bool | None]
    received_at: Mapped[datetime]
    documents_complete_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    handed_over_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    warn_at: Mapped[datetime | None]  # the tenant's warning share of the norm elapsed (scheduler warns)
    warned_at: Mapped[datetime | None]  # when that warning was given (once)
    status: Mapped[str] = mapped_column(String(32), default="received")
    created_by: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())  # made by `flask demo seed`

    service_type: Mapped[ServiceType] = relationship(viewonly=True)
    pauses: Mapped[list[RequestPause]] = relationship(viewonly=True, order_by="RequestPause.started_at")

    __mapper_args__ = {"version_id_col": version}
