"""The users of one agency, as its admin dinas manages them.

An agency's admin creates staff of the agency's own roles only (petugas, pimpinan, admin_dinas),
changes their role, and deactivates or reactivates them; nobody is deleted (a user's id stays in
the audit trail and on the cases they handled). Two guards keep an agency manageable: nobody
deactivates or demotes themself, and the last active admin_dinas of an agency stays one.

``users`` is not a tenant-owned table (a platform or province admin belongs to no agency), so every
query here names the agency itself; a user of another agency is not found. Each change is written
to the agency's audit trail, entity ``user``.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.sql import Select

from core.platform.db import Session
from core.platform.domain_errors import Conflict, Invalid, NotFound
from core.models import AuditEvent, Tenant, User
from core.access.security import hash_password
from core.vocabulary import TENANT_ROLES

ASSIGNABLE_ROLES = TENANT_ROLES
MIN_PASSWORD = 10
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ADMIN = "admin_dinas"


def users_of(tenant: Tenant) -> Select:
    """The agency's users, active first, then by name (a statement: the caller pages it)."""
    return select(User).where(User.tenant_id == tenant.id).order_by(User.active.desc(), User.name, User.id)


def user_of(tenant: Tenant, user_id: int | str) -> User:
    """One user of the agency; another agency's, a platform admin, or no such id: not found."""
    try:
        key = int(user_id)
    except (TypeError, ValueError):
        raise NotFound("user") from None
    user = Session.scalar(select(User).where(User.id == key, User.tenant_id == tenant.id))
    if user is None:
        raise NotFound("user")
    return user


def fingerprint(user: User) -> str:
    """The version a change must name (the API's ETag, a form's hidden field): it moves whenever
    what the admin sees of the user changes, so a change made from a stale page is refused."""
    seen = [user.id, user.email, user.name, user.role, bool(user.active)]
    return hashlib.sha256(json.dumps(seen).encode()).hexdigest()[:16]


def _check_role(role: str) -> None:
    if role not in ASSIGNABLE_ROLES:
        raise Invalid(f"role: an agency's user is one of {', '.join(ASSIGNABLE_ROLES)}",
                      {"role": [f"one of {', '.join(ASSIGNABLE_ROLES)}"]})


def _record(tenant: Tenant, user: User, action: str, actor: User | None, before: dict | None, after: dict | None) -> None:
    Session.add(AuditEvent(tenant_id=tenant.id, entity="user", entity_id=str(user.id), action=action,
                           actor_id=actor.id if actor else None, before=before, after=after))


def _seen(user: User) -> dict[str, Any]:
    return {"email": user.email, "name": user.name, "role": user.role, "active": bool(user.active)}


def create(tenant: Tenant, data: dict[str, Any], actor: User | None = None) -> User:
    """A new user of the agency (``email``, ``name``, ``role``, ``password``); the password is
    stored as an argon2 hash only."""
    email = data["email"].strip().lower()
    problems: dict[str, list[str]] = {}
    if not EMAIL.match(email) or len(email) > 254:
        problems["email"] = ["not an email address"]
    if not data["name"].strip():
        problems["name"] = ["must not be empty"]
    if data["role"] not in ASSIGNABLE_ROLES:
        problems["role"] = [f"one of {', '.join(ASSIGNABLE_ROLES)}"]
    if len(data["password"]) < MIN_PASSWORD:
        problems["password"] = [f"at least {MIN_PASSWORD} characters"]
    if problems:
        raise Invalid("some fields are invalid", problems)
    if Session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"a user {email} exists", {"email": ["already used"]})
    user = User(email=email, name=data["name"].strip(), role=data["role"], tenant_id=tenant.id,
                password_hash=hash_password(data["password"]))
    Session.add(user)
    Session.flush()
    _record(tenant, user, "create", actor, None, _seen(user))
    return user


def _active_admins(tenant: Tenant) -> int:
    return Session.scalar(select(func.count()).select_from(User).where(
        User.tenant_id == tenant.id, User.role == ADMIN, User.active.is_(True)))


def change(tenant: Tenant, user: User, actor: User, data: dict[str, Any]) -> User:
    """Change a user's ``name``, ``role`` or ``active`` (whichever ``data`` holds). Refused: an
    actor deactivating or demoting themself, and the agency losing its last active admin_dinas."""
    before = _seen(user)
    role = data.get("role", user.role)
    active = data.get("active", user.active)
    _check_role(role)
    if user.id == actor.id and not active:
        raise Conflict("you cannot deactivate yourself; ask another admin", {"active": ["you cannot deactivate yourself"]},
                       code="self")
    if user.id == actor.id and role != user.role:
        raise Conflict("you cannot change your own role; ask another admin", {"role": ["you cannot change your own role"]},
                       code="self")
    if user.role == ADMIN and user.active and (role != ADMIN or not active) and _active_admins(tenant) <= 1:
        field = "role" if role != ADMIN else "active"
        raise Conflict("this is the agency's last active admin_dinas; make another user admin first",
                       {field: ["the last active admin_dinas of the agency"]}, code="last_admin")
    if "name" in data:
        if not data["name"].strip():
            raise Invalid("name: must not be empty", {"name": ["must not be empty"]})
        user.name = data["name"].strip()
    user.role = role
    if bool(active) != bool(user.active):
        user.active = bool(active)
        if not user.active:
            user.end_sessions()  # signed out of every page at once (the API refuses an inactive user too)
    after = _seen(user)
    if after != before:
        changed = [key for key in after if after[key] != before[key]]
        action = "deactivate" if "active" in changed and not user.active else (
            "reactivate" if "active" in changed else "update")
        _record(tenant, user, action, actor, {k: before[k] for k in changed}, {k: after[k] for k in changed})
    return user


def counts(tenant: Tenant) -> dict[str, int]:
    """How many active users the agency has of each role (the admin's home page)."""
    rows = Session.execute(select(User.role, func.count()).where(User.tenant_id == tenant.id, User.active.is_(True))
                           .group_by(User.role)).all()
    found = dict(rows)
    return {role: found.get(role, 0) for role in ASSIGNABLE_ROLES}
