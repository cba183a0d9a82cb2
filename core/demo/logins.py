"""Demo logins for ``make run``, and creating users."""

from __future__ import annotations

from sqlalchemy import select

from core import vocabulary
from core.platform.db import Session
from core.models import Tenant, User
from core.access.security import hash_password

DEMO_TENANT = "kota-bekasi"
# One demo login per role of core.vocabulary.ROLES.
DEMO_LOGINS = {
    "petugas": ("petugas@kota-bekasi.demo", "Petugas Demo"),
    "pimpinan": ("pimpinan@kota-bekasi.demo", "Pimpinan Demo"),
    "admin_dinas": ("admin@kota-bekasi.demo", "Admin Dinas Demo"),
    "admin_provinsi": ("provinsi@jawa-barat.demo", "Admin Provinsi Jawa Barat"),
    "admin_platform": ("platform@kompensasi.demo", "Admin Platform"),
}


def create_user(email: str, name: str, role: str, password: str, slug: str | None = None,
                province: str | None = None) -> User:
    email = email.strip().lower()
    if Session.scalar(select(User).where(User.email == email)) is not None:
        raise ValueError(f"a user {email} exists")
    tenant_id = None
    if role in vocabulary.TENANT_ROLES:
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == (slug or "")))
        if tenant is None:
            raise ValueError(f"role {role} needs --tenant with a known slug")
        tenant_id = tenant.id
    if role == vocabulary.PROVINCE_ROLE and not province:
        raise ValueError("role admin_provinsi needs --province (2-digit code)")
    user = User(email=email, name=name, role=role, tenant_id=tenant_id, province_code=province,
                password_hash=hash_password(password))
    Session.add(user)
    Session.commit()
    return user


def ensure_demo_users(password: str) -> list[User]:
    tenant = Session.scalar(select(Tenant).where(Tenant.slug == DEMO_TENANT))
    if tenant is None:
        raise RuntimeError("run `flask tenants sync` first")
    users = []
    for role in vocabulary.ROLES:
        email, name = DEMO_LOGINS[role]
        tenant_id = tenant.id if role in vocabulary.TENANT_ROLES else None
        province = tenant.province_code if role == vocabulary.PROVINCE_ROLE else None
        user = Session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, role=role, tenant_id=tenant_id, province_code=province,
                        password_hash=hash_password(password))
            Session.add(user)
        users.append(user)
    Session.commit()
    return users
