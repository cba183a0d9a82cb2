"""The agency's users, as its admin dinas manages them: ``/t/<slug>/admin/pengguna``."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from core.access import tenant_users
from core.http.schemas.tenant_admin import TenantUserChangeSchema, TenantUserCreateSchema
from core.platform.db import Session
from core.decrees.facts import flatten_errors
from core.platform.domain_errors import DomainError, Stale
from core.http.errors import status_of
from core.web.tenant_admin.base import admin_page, flash_refusal, refusal_fields
from core.web.base import blueprint, tenant_page




def _users_page(tenant, values=None, errors=None, status=200):
    users = Session.scalars(tenant_users.users_of(tenant)).all()
    return admin_page("admin/users.html", tenant, status, users=users, values=values or {}, errors=errors or {},
                 roles=tenant_users.ASSIGNABLE_ROLES, fingerprint=tenant_users.fingerprint)


@blueprint.get("/t/<slug>/admin/pengguna")
@tenant_page("user.manage")
def admin_users(tenant):
    return _users_page(tenant)


@blueprint.post("/t/<slug>/admin/pengguna")
@tenant_page("user.manage")
def admin_create_user(tenant):
    values = {name: request.form.get(name, "") for name in ("email", "name", "role", "password")}
    try:
        data = TenantUserCreateSchema().load(values)
        user = tenant_users.create(tenant, data, current_user)
        Session.commit()
    except ValidationError as exc:
        return _users_page(tenant, {**values, "password": ""}, flatten_errors(exc.messages), 422)
    except DomainError as exc:
        Session.rollback()
        return _users_page(tenant, {**values, "password": ""}, refusal_fields(exc), status_of(exc))
    flash(_("Pengguna %(email)s dibuat.", email=user.email), "info")
    return redirect(url_for("web.admin_users", slug=tenant.slug), 303)


@blueprint.post("/t/<slug>/admin/pengguna/<int:user_id>")
@tenant_page("user.manage")
def admin_change_user(tenant, user_id):
    user = tenant_users.user_of(tenant, user_id)
    body: dict[str, Any] = {}
    if "role" in request.form:
        body["role"] = request.form["role"]
    if "active" in request.form:
        body["active"] = request.form["active"]
    try:
        if request.form.get("version") != tenant_users.fingerprint(user):
            raise Stale(_("Pengguna ini telah diubah orang lain sejak halaman dibuka; periksa lagi lalu ulangi."))
        tenant_users.change(tenant, user, current_user, TenantUserChangeSchema().load(body))
        Session.commit()
        flash(_("Pengguna %(email)s diperbarui.", email=user.email), "info")
    except ValidationError as exc:
        flash("; ".join(f"{k}: {' '.join(v)}" for k, v in flatten_errors(exc.messages).items()), "error")
    except DomainError as exc:
        Session.rollback()
        flash_refusal(exc)
    return redirect(url_for("web.admin_users", slug=tenant.slug), 303)
