"""Who may do what, in one place.

Views ask :func:`can` (or use :func:`require`); nothing else checks roles.
A user who may not see a tenant at all gets 404 for it, not 403, so that
tenant slugs and ids reveal nothing.
"""

from __future__ import annotations

from core.models import Tenant, User

# action -> roles allowed (within the tenants the user may see)
PERMISSIONS: dict[str, frozenset[str]] = {
    "tenant.view": frozenset({"petugas", "pimpinan", "admin_dinas", "admin_provinsi", "admin_platform"}),
    "service_type.write": frozenset({"admin_dinas", "admin_platform"}),
    "service_request.write": frozenset({"petugas", "pimpinan", "admin_dinas"}),
    "complaint.write": frozenset({"petugas", "pimpinan", "admin_dinas"}),
    "complaint.assess": frozenset({"pimpinan"}),
    "decision.preview": frozenset({"petugas", "pimpinan", "admin_dinas", "admin_provinsi", "admin_platform"}),
    "audit.view": frozenset({"pimpinan", "admin_dinas", "admin_platform"}),
}


# action -> roles allowed, for questions that belong to no single tenant
CROSS_TENANT_PERMISSIONS: dict[str, frozenset[str]] = {
    "decision.compare": frozenset({"pimpinan", "admin_dinas", "admin_provinsi", "admin_platform"}),
}


def can_across_tenants(user: User | None, action: str) -> bool:
    return user is not None and user.is_active and user.role in CROSS_TENANT_PERMISSIONS[action]


def can_see_tenant(user: User, tenant: Tenant) -> bool:
    if user.role == "admin_platform":
        return True
    if user.role == "admin_provinsi":
        return tenant.province_code == user.province_code
    return user.tenant_id == tenant.id


def can(user: User | None, action: str, tenant: Tenant) -> bool:
    if user is None or not user.is_active:
        return False
    return can_see_tenant(user, tenant) and user.role in PERMISSIONS[action]
