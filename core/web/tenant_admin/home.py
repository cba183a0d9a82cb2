"""The tenant admin's start page: ``/t/<slug>/admin``."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from core.access import tenant_users
from core.case_files import letterhead
from core.platform.db import Session
from core.models import DayOff, KaharPeriod, ServiceType
from core.timekeeping.clock import now as clock_now
from core.web.tenant_admin.base import admin_page
from core.web.base import blueprint, tenant_page


@blueprint.get("/t/<slug>/admin")
@tenant_page("tenant.admin")
def admin_home(tenant):
    services = Session.scalar(select(func.count()).select_from(ServiceType).where(ServiceType.active.is_(True)))
    today = clock_now(ZoneInfo(tenant.timezone))
    open_kahar = Session.scalars(select(KaharPeriod).where(
        KaharPeriod.starts_at <= today, (KaharPeriod.ends_at.is_(None)) | (KaharPeriod.ends_at > today))).all()
    days_off = Session.scalar(select(func.count()).select_from(DayOff).where(DayOff.day >= today.date()))
    return admin_page("admin/home.html", tenant, users=tenant_users.counts(tenant), services=services,
                 open_kahar=open_kahar, days_off=days_off, letterhead=letterhead.fields_of(tenant))[0]
