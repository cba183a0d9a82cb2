"""Demo logins for ``make run``, and creating users."""

from __future__ import annotations

from sqlalchemy import select

from core.db import Session
from core.models import Tenant, User
from core.security import hash_password

DEMO_TENANT = "kota-bekasi"


def create_user(email: str, name: str, role: str, password: str, slug: str | None = None,
                province: str | None = None) -> User:
    email = email.strip().lower()
    if Session.scalar(select(User).where(User.email == email)) is not None:
        raise ValueError(f"a user {email} exists")
    tenant_id = None
    if role in ("petugas", "pimpinan", "admin_dinas"):
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == (slug or "")))
        if tenant is None:
            raise ValueError(f"role {role} needs --tenant with a known slug")
        tenant_id = tenant.id
    if role == "admin_provinsi" and not province:
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
    wanted = [
        ("petugas", "petugas@kota-bekasi.demo", "Petugas Demo", tenant.id, None),
        ("pimpinan", "pimpinan@kota-bekasi.demo", "Pimpinan Demo", tenant.id, None),
        ("admin_dinas", "admin@kota-bekasi.demo", "Admin Dinas Demo", tenant.id, None),
        ("admin_provinsi", "provinsi@jawa-barat.demo", "Admin Provinsi Jawa Barat", None, tenant.province_code),
        ("admin_platform", "platform@kompensasi.demo", "Admin Platform", None, None),
    ]
    users = []
    for role, email, name, tenant_id, province in wanted:
        user = Session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, role=role, tenant_id=tenant_id, province_code=province,
                        password_hash=hash_password(password))
            Session.add(user)
        users.append(user)
    Session.commit()
    return users
