"""Passwords (argon2), API tokens (stored as SHA-256 digests) and the login rate limit.

The rate limit counts failed attempts in the database, which every worker
process shares: five gunicorn workers still allow the limit once, not five times.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.models import ApiToken, LoginAttempt, User

_hasher = PasswordHasher()
TOKEN_PREFIX = "kmp_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, name: str = "api") -> str:
    """Create a token for the user; the plain token is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, digest=_digest(token), name=name))
    return token


def user_for_token(session: Session, token: str) -> User | None:
    row = session.scalar(select(ApiToken).where(ApiToken.digest == _digest(token)))
    if row is None:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


class LoginRateLimit:
    def __init__(self, limit: int, window_seconds: int):
        self.limit = limit
        self.window = timedelta(seconds=window_seconds)

    def _recent(self, session: Session, key: str) -> int:
        since = datetime.now(timezone.utc) - self.window
        return session.scalar(
            select(func.count()).select_from(LoginAttempt).where(LoginAttempt.key == key, LoginAttempt.attempted_at >= since)
        ) or 0

    def blocked(self, session: Session, *keys: str) -> bool:
        return any(self._recent(session, key) >= self.limit for key in keys)

    def failed(self, session: Session, *keys: str) -> None:
        for key in keys:
            session.add(LoginAttempt(key=key))
        session.commit()

    def succeeded(self, session: Session, key: str) -> None:
        session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
        session.commit()
