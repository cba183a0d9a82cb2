"""The provincial view's rollups: each agency's figures per month, so that a page reads a few
rows per agency instead of every request and case (``core/province/rollups.py`` computes them)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.models.scope import TenantOwned


class IndicatorRollup(TenantOwned, Base):
    """One count of one agency in one month (the agency's own calendar): ``metric`` names what is
    counted (``served``, ``breach_component``…), ``key`` the group inside it (a component, a
    sanction code; empty when none) and ``hours`` the duration bucket of a time histogram (0
    otherwise). A month's rows are replaced whole when it is recomputed."""

    __tablename__ = "indicator_rollups"
    __table_args__ = (UniqueConstraint("tenant_id", "month", "metric", "key", "hours"),)

    month: Mapped[date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64), default="", server_default="")
    hours: Mapped[int] = mapped_column(default=0, server_default="0")
    count: Mapped[int]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
