"""API routes of access: the user of the token and their tokens (``/me``), and an agency's users
as its admin dinas manages them (``/tenants/<slug>/users``)."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from core.api.base import NO_CONTENT, PAGE, QueryPage, blp, error_documented, errors_documented, tenant_route
from core.api.access_schemas import TokenSchema, UserSchema
from core.platform.db import Session
from core.platform.domain_errors import NotFound
from core.models import ApiToken
from core.access.security import revoke_token
from core.access import tenant_users
from core.http.schemas.tenant_admin import TenantUserChangeSchema, TenantUserCreateSchema, TenantUserSchema


@blp.route("/me")
@errors_documented(401)
@blp.response(200, UserSchema)
def me():
    """The user of the token."""
    return current_user


@blp.route("/me/tokens")
@errors_documented(401)
@blp.response(200, TokenSchema(many=True))
def my_tokens():
    """Your API tokens (never their secret): issued, expiry, revoked."""
    return Session.scalars(select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.id)).all()


@blp.route("/me/tokens/<int(max=2147483647):token_id>", methods=["DELETE"])
@errors_documented(401, 404)
@blp.response(NO_CONTENT)
def revoke_my_token(token_id):
    """Revoke one of your tokens (this one too); it is refused at once, everywhere."""
    row = Session.get(ApiToken, token_id)
    if row is None or row.user_id != current_user.id:
        raise NotFound("token")
    revoke_token(row)
    Session.commit()


def _versioned_user(user):
    blp.set_etag(tenant_users.fingerprint(user))
    return user


@blp.route("/tenants/<slug>/users")
@tenant_route("user.manage")
@blp.response(200, TenantUserSchema(many=True))
@blp.paginate(QueryPage, **PAGE)
def list_tenant_users(tenant):
    """The agency's users, active first, then by name."""
    return tenant_users.users_of(tenant)


@blp.route("/tenants/<slug>/users", methods=["POST"])
@tenant_route("user.manage")
@blp.etag
@errors_documented(400, 413)
@error_documented(409, "the email is already used")
@blp.arguments(TenantUserCreateSchema)
@blp.response(201, TenantUserSchema)
def create_tenant_user(data, tenant):
    """Create a user of the agency (petugas, pimpinan or admin_dinas); the password is kept as an argon2 hash."""
    user = tenant_users.create(tenant, data, current_user)
    Session.commit()
    return _versioned_user(user)


@blp.route("/tenants/<slug>/users/<int(max=2147483647):user_id>")
@tenant_route("user.manage")
@blp.etag
@blp.response(200, TenantUserSchema)
def get_tenant_user(tenant, user_id):
    """One user of the agency; its ETag is the version to send as If-Match with a change."""
    return _versioned_user(tenant_users.user_of(tenant, user_id))


@blp.route("/tenants/<slug>/users/<int(max=2147483647):user_id>", methods=["PATCH"])
@tenant_route("user.manage")
@blp.etag
@errors_documented(400, 413)
@blp.arguments(TenantUserChangeSchema)
@blp.response(200, TenantUserSchema)
def change_tenant_user(data, tenant, user_id):
    """Change a user's name or role, or deactivate (``active: false``) or reactivate them. Refused
    (409): deactivating or demoting yourself, and removing the agency's last active admin_dinas."""
    user = tenant_users.user_of(tenant, user_id)
    blp.check_etag(tenant_users.fingerprint(user))
    tenant_users.change(tenant, user, current_user, data)
    Session.commit()
    return _versioned_user(user)
