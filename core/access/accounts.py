"""A signed-in user's own account: changing one's password.

The agency's admin sets a new user's first password (``core/access/tenant_users.py``); the user then
changes it here. A change signs every other session out (the session nonce is drawn again) and
keeps the API tokens, which are credentials of their own, revoked one by one. Wrong current
passwords count as failed sign-ins of the account (``core.access.security.LoginRateLimit``): a stolen
session cannot be used to guess the password any faster than the sign-in form allows.
"""

from __future__ import annotations

from core.platform.db import Session
from core.platform.domain_errors import Invalid, TooManyRequests
from core.models import User
from core.access.security import LoginRateLimit, hash_password, verify_password
from core.access.tenant_users import MIN_PASSWORD

MAX_PASSWORD = 256  # hashing is slow on purpose: no megabyte-long "password" reaches it


def change_password(user: User, current: str, new: str, repeated: str, limit: LoginRateLimit) -> None:
    """Check the current password, then set the new one (``new_password`` twice, the second as
    ``repeat_password``). Every refused field is named; nothing changes unless all are right."""
    account = f"email:{user.email}"
    wait = limit.retry_after(Session, account)
    if wait:
        raise TooManyRequests("too many wrong passwords for this account; try again later", wait)
    problems: dict[str, list[str]] = {}
    if len(new) < MIN_PASSWORD:
        problems["new_password"] = [f"at least {MIN_PASSWORD} characters"]
    elif len(new) > MAX_PASSWORD:
        problems["new_password"] = [f"at most {MAX_PASSWORD} characters"]
    elif new == current:
        problems["new_password"] = ["the same as the current password"]
    if repeated != new:
        problems["repeat_password"] = ["not the same as the new password"]
    if len(current) > MAX_PASSWORD or not verify_password(user, current):
        limit.failed(Session, account)
        problems["current_password"] = ["not your current password"]
    if problems:
        raise Invalid("the password was not changed", problems)
    user.password_hash = hash_password(new)
    user.end_sessions()
