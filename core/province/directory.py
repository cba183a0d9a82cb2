"""A province as the provincial view reads it: its code, its name and its agencies, for a user
who may read it (``province.view``: admin_provinsi its own, admin_platform every one)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.access import policy
from core.platform.db import Session
from core.platform.domain_errors import Forbidden, NotFound
from core.models import Tenant, User


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    agencies: tuple[Tenant, ...]


def province_for(user: User, code: str) -> Province:
    """The province ``code`` with its agencies. A role that reads no province is refused (403);
    a province the user may not read, or one with no agency on the platform, is not found (404)."""
    if not policy.may_view_provinces(user):
        raise Forbidden("your role may not read the provincial view (province.view)")
    if not policy.can_see_province(user, code):
        raise NotFound("province")
    return province_named(code)


def province_named(code: str) -> Province:
    """The province ``code`` with its agencies, for whoever runs the platform's commands (no
    user to check); one with no agency on the platform is not found."""
    agencies = tuple(Session.scalars(select(Tenant).where(Tenant.province_code == code).order_by(Tenant.name)))
    if not agencies:
        raise NotFound("province")
    return Province(code, agencies[0].province_name, agencies)


def provinces_of(user: User) -> list[tuple[str, str]]:
    """The provinces the user may read, as (code, name), by code."""
    if not policy.may_view_provinces(user):
        return []
    rows = Session.execute(select(Tenant.province_code, Tenant.province_name).distinct().order_by(Tenant.province_code))
    return [(code, name) for code, name in rows if policy.can_see_province(user, code)]
