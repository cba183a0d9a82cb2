"""Users, their role, API tokens and login attempts."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.vocabulary import PLATFORM_ROLE, PROVINCE_ROLE, ROLES, TENANT_ROLES


def new_nonce() -> str:
    return secrets.token_hex(16)


def _sql_list(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class User(Base):
    """A person with one role: in a tenant, over a province (admin_provinsi), or the platform.

    It answers what flask-login asks of a user (``is_active``, ``is_authenticated``,
    ``is_anonymous``, ``get_id``) without importing it: the model knows nothing of the web.
    Two objects of the same user and session compare equal, as flask-login's mixin has them."""

    __hash__ = object.__hash__

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({_sql_list(ROLES)})", name="role"),
        CheckConstraint(
            f"(role IN ({_sql_list(TENANT_ROLES)}) AND tenant_id IS NOT NULL)"
            f" OR (role = '{PROVINCE_ROLE}' AND province_code IS NOT NULL)"
            f" OR role = '{PLATFORM_ROLE}'",
            name="role_scope",
        ),
        Index(None, "tenant_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id"))
    province_code: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every session's id: signing out draws a new one, so an old session cookie replayed
    # after sign-out names no user.
    session_nonce: Mapped[str] = mapped_column(String(32), default=new_nonce, server_default="")

    @property
    def is_active(self) -> bool:
        """flask-login asks: a deactivated user is signed out of both doors."""
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return self.is_active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, User):
            return self.get_id() == other.get_id()
        return NotImplemented

    def end_sessions(self) -> None:
        """Every session cookie issued so far stops working."""
        self.session_nonce = new_nonce()


class ApiToken(Base):
    """A per-user API token; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # Written at most once a minute, after the response, outside the request's transaction
    # (core.access.security.record_use): a read must not wait behind a write.
    last_used_at: Mapped[datetime | None]

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


class LoginAttempt(Base):
    """Failed sign-ins, kept in the shared database so every worker sees the same count."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index(None, "key", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
