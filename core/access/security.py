"""Passwords (argon2), API tokens (stored as SHA-256 digests) and the login rate limit.

The rate limit counts failed attempts in the database, which every worker
process shares: five gunicorn workers still allow the limit once, not five times.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from core.models import ApiToken, LoginAttempt, Tenant, User

_hasher = PasswordHasher()
TOKEN_PREFIX = "kmp_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


_UNKNOWN: list[str] = []


def verify_password(user: User | None, password: str) -> bool:
    """Whether the password is the user's. For no user, a hash is still checked, so that an
    unknown email takes as long to refuse as a wrong password."""
    if user is None:
        if not _UNKNOWN:
            _UNKNOWN.append(_hasher.hash("no-such-user"))
        stored = _UNKNOWN[0]
    else:
        stored = user.password_hash
    try:
        return _hasher.verify(stored, password) and user is not None
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


DEFAULT_TOKEN_DAYS = 90


def issue_token(session: Session, user: User, name: str = "api", days: int = DEFAULT_TOKEN_DAYS) -> str:
    """Create a token for the user, valid for ``days``; the plain token is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, digest=_digest(token), name=name,
                         expires_at=datetime.now(timezone.utc) + timedelta(days=days)))
    return token


@dataclass(frozen=True)
class TokenHolder:
    """Who a bearer token names, and, read in the same round trip, the tenant the URL names."""

    user: User
    token_id: int
    last_used_at: datetime | None
    url_tenant: Tenant | None


def holder_of_token(session: Session, token: str, slug: str | None = None) -> TokenHolder | None:
    """The active user of a token that is neither revoked nor expired, read from the database on
    every request (so a revocation holds at once in every worker) in one query, which also
    fetches the tenant of the URL's ``slug`` when there is one: a tenant request costs one
    round trip before its own work."""
    statement = (select(User, ApiToken).join(ApiToken, ApiToken.user_id == User.id)
                 .where(ApiToken.digest == _digest(token)))
    if slug is not None:
        statement = statement.add_columns(Tenant).outerjoin(Tenant, Tenant.slug == slug)
    row = session.execute(statement).first()
    if row is None:
        return None
    user, token_row = row[0], row[1]
    if not token_row.usable(datetime.now(timezone.utc)) or not user.active:
        return None
    return TokenHolder(user, token_row.id, token_row.last_used_at, row[2] if slug is not None else None)


LAST_USE_EVERY = timedelta(minutes=1)


def use_is_worth_recording(holder: TokenHolder, now: datetime) -> bool:
    return holder.last_used_at is None or now - holder.last_used_at >= LAST_USE_EVERY


def record_use(engine: Engine, token_id: int, now: datetime) -> None:
    """Note a token's use in its own short transaction, after the response has gone: at most
    once a minute per token (the condition makes a second worker's write a no-op), never in
    the request's transaction, so no read waits behind SQLite's single writer."""
    with engine.begin() as connection:
        connection.execute(
            update(ApiToken)
            .where(ApiToken.id == token_id,
                   or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - LAST_USE_EVERY))
            .values(last_used_at=now)
        )


def revoke_token(row: ApiToken) -> None:
    if row.revoked_at is None:
        row.revoked_at = datetime.now(timezone.utc)


class LoginRateLimit:
    """Failed sign-ins counted in the database, so every worker shares one count: per account
    (a few), and per client address (many, so that one user's mistakes do not lock out a whole
    office behind one address). Flask-Limiter would need a shared store (Redis, Memcached) this
    deployment does not have; the database is the store every worker already shares."""

    def __init__(self, per_account: int, per_address: int, window_seconds: int):
        self.limits = {"email": per_account, "ip": per_address}
        self.window = timedelta(seconds=window_seconds)

    def retry_after(self, session: Session, *keys: str) -> int:
        """Seconds until a key over its limit may try again (0: not blocked)."""
        now = datetime.now(timezone.utc)
        since = now - self.window
        wait = 0
        for key in keys:
            count, oldest = session.execute(
                select(func.count(), func.min(LoginAttempt.attempted_at))
                .where(LoginAttempt.key == key, LoginAttempt.attempted_at >= since)
            ).one()
            if count >= self.limits[key.split(":", 1)[0]]:
                oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=timezone.utc)
                wait = max(wait, int((oldest + self.window - now).total_seconds()) + 1)
        return wait

    def failed(self, session: Session, *keys: str) -> None:
        for key in keys:
            session.add(LoginAttempt(key=key))
        session.commit()

    def succeeded(self, session: Session, key: str) -> None:
        session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
        session.commit()
