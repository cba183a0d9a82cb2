"""Who may do what, in one place.

Views ask :func:`can` (or use :func:`require`); nothing else checks roles.
A user who may not see a tenant at all gets 404 for it, not 403, so that
tenant slugs and ids reveal nothing.
"""

from __future__ import annotations

from core.models import Tenant, User
from core.vocabulary import PLATFORM_ROLE, PROVINCE_ROLE, ROLES, TENANT_ROLES

EVERYONE = frozenset(ROLES)
STAFF = frozenset(TENANT_ROLES)

# action -> roles allowed (within the tenants the user may see)
PERMISSIONS: dict[str, frozenset[str]] = {
    "tenant.view": EVERYONE,
    "service_type.write": frozenset({"admin_dinas", PLATFORM_ROLE}),
    "service_request.write": STAFF,
    "complaint.write": STAFF,
    "complaint.assess": frozenset({"pimpinan"}),
    "decision.preview": EVERYONE,
    "audit.view": frozenset({"pimpinan", "admin_dinas", PLATFORM_ROLE}),
    "complaint.identity": frozenset({"pimpinan"}),  # sees who complained, even anonim or rahasia
    "calendar.write": frozenset({"admin_dinas", PLATFORM_ROLE}),  # days off, keadaan kahar
    "service_request.pause": frozenset({"petugas", "pimpinan"}),  # the officers handling requests
    # the case workflow (core/casework/workflow.py): the officer records and verifies, the head assesses
    "complaint.verify": frozenset({"petugas"}),
    "complaint.decide": frozenset({"pimpinan"}),
    "sanction.decide": frozenset({"pimpinan"}),
    "compensation.give": frozenset({"petugas", "pimpinan"}),
    "worklist.officer": frozenset({"petugas"}),
    "worklist.head": frozenset({"pimpinan"}),
    "case_files.view": STAFF,  # evidence files and letters of a case: the agency's own staff only
    "evidence.write": STAFF,
    "letter.issue": frozenset({"petugas", "pimpinan"}),
    # steps no member of staff takes through the workflow endpoint: the complainant's keberatan
    # (from the public page) and the platform's hold during keadaan kahar (by the tenant's decree)
    "complaint.object": frozenset(),
    "complaint.hold": frozenset(),
    "claim.oral": frozenset({"petugas"}),  # the desk form: an oral claim apologised on the spot
    "notification.read": STAFF,
    # the tenant admin's side (core/access/tenant_users.py, core/agency/catalogue_import.py, core/case_files/letterhead.py)
    "tenant.admin": frozenset({"admin_dinas", PLATFORM_ROLE}),
    "user.manage": frozenset({"admin_dinas", PLATFORM_ROLE}),
    "letterhead.write": frozenset({"admin_dinas", PLATFORM_ROLE}),
}

MASKED = "(disamarkan)"
IDENTITY_FIELDS = ("complainant_name", "complainant_contact", "complainant_address", "complainant_nik")


# action -> roles allowed, for questions that belong to no single tenant
CROSS_TENANT_PERMISSIONS: dict[str, frozenset[str]] = {
    "decision.compare": EVERYONE - {"petugas"},
}


def can_across_tenants(user: User | None, action: str) -> bool:
    return user is not None and user.is_active and user.role in CROSS_TENANT_PERMISSIONS[action]


def can_see_tenant(user: User, tenant: Tenant) -> bool:
    if user.role == PLATFORM_ROLE:
        return True
    if user.role == PROVINCE_ROLE:
        return tenant.province_code == user.province_code
    return user.tenant_id == tenant.id


def may_see_identity(user: User | None, tenant: Tenant | None, complaint) -> bool:
    """Who complained is hidden, for an anonim or rahasia complaint, from everyone but those
    handling it: the pimpinan, and the officer who took it in."""
    if not (complaint.anonymous or complaint.confidential):
        return True
    if user is None or tenant is None or not user.is_authenticated:
        return False
    return complaint.received_by == user.id or can(user, "complaint.identity", tenant)


def may_read_letter(user: User | None, tenant: Tenant | None, complaint) -> bool:
    """A letter names its complainant unless the complaint is anonim (then it is masked in the
    letter itself): a rahasia complainant's letter is for those who may see who complained."""
    return complaint.anonymous or may_see_identity(user, tenant, complaint)


def masked_event(event) -> dict:
    """An audit event of a complaint whose identity the viewer may not see, with it masked."""
    def mask(values):
        return {k: (MASKED if k in IDENTITY_FIELDS and v else v) for k, v in values.items()} if values else values

    return {"entity": event.entity, "entity_id": event.entity_id, "action": event.action, "actor_id": event.actor_id,
            "at": event.at, "before": mask(event.before), "after": mask(event.after)}


def can(user: User | None, action: str, tenant: Tenant) -> bool:
    if user is None or not user.is_active:
        return False
    return can_see_tenant(user, tenant) and user.role in PERMISSIONS[action]


# -- the provincial view (issue #12) ---------------------------------------------------------
# province.view: admin_provinsi reads the agencies of its province, admin_platform of every
# province, read-only; nobody else sees the provincial view. decree.replay: replaying an agency's
# past cases under another decree, by its head and admin (every detail) and by those who read its
# province (totals and case codes only: decree.replay_detail is the agency's own).
PERMISSIONS["province.view"] = frozenset({PROVINCE_ROLE, PLATFORM_ROLE})
PERMISSIONS["decree.replay"] = frozenset({"pimpinan", "admin_dinas", PROVINCE_ROLE, PLATFORM_ROLE})
PERMISSIONS["decree.replay_detail"] = frozenset({"pimpinan", "admin_dinas"})


def may_view_provinces(user: User | None) -> bool:
    """Whether the user's role reads provinces at all (else 403)."""
    return user is not None and user.is_active and user.role in PERMISSIONS["province.view"]


# -- the provincial view's figures (core/province/figures.py) ------------------------------
# Read-only figures of a province's agencies: its admin_provinsi for its own province, the
# admin_platform for every province (and the national page); nobody else (a 404, as for another
# agency). Within a province the page links each figure to the cases behind it (a list with no
# complainant, no description: "province.cases"), and names the repeat offenders only to those
# who supervise the agency's staff ("officer.names": the head, and the provincial admin of its
# province; the platform's admin runs the platform and sees them unnamed).
PERMISSIONS.update({
    "province.cases": frozenset({PROVINCE_ROLE, PLATFORM_ROLE}),
    "officer.names": frozenset({"pimpinan", PROVINCE_ROLE}),
})


def can_see_province(user: User | None, province_code: str) -> bool:
    """admin_provinsi its own province, admin_platform every one (another province is a 404)."""
    if user is None or not user.is_active:
        return False
    if user.role == PLATFORM_ROLE:
        return True
    return user.role == PROVINCE_ROLE and user.province_code == province_code


def can_see_nation(user: User | None) -> bool:
    return user is not None and user.is_active and user.role == PLATFORM_ROLE


def may_open_figure(user: User | None, tenant: Tenant, province_code: str, figure: str | None = None) -> bool:
    """Whether the user may list the cases behind a figure of this agency on that province's page:
    an agency of that province, "province.cases", and, for the cases of a named officer,
    "officer.names" (else a 404, as if the agency were not there). Without a figure: whether
    any figure of the agency may be opened."""
    return (tenant.province_code == province_code and can(user, "province.cases", tenant)
            and (figure != "officer" or can(user, "officer.names", tenant)))
