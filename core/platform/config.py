"""Settings: defaults for the embedded SQLite, then the environment, read in one place.

Every setting ``X`` may be given as ``KOMPENSASI_X`` (as Flask's ``from_prefixed_env`` reads them; values are
read as JSON where they parse, so ``KOMPENSASI_LOGIN_RATE_LIMIT=10`` is a number). The two
names hosting platforms set by convention, ``DATABASE_URL`` and ``SECRET_KEY``, are read
unprefixed as well (a prefixed one wins).
"""

from __future__ import annotations

import json
import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from core.platform.field_crypto import DEVELOPMENT_KEY, FieldKeyError, fernet_of

DEFAULT_SECRET = "dev-only-not-secret"
ROOT = Path(__file__).resolve().parents[2]
PREFIX = "KOMPENSASI"
CONVENTIONAL = ("DATABASE_URL", "SECRET_KEY")

DEFAULTS: dict[str, Any] = {
    "ENV": "development",
    "SECRET_KEY": DEFAULT_SECRET,
    "DATABASE_URL": None,
    # The owner of the tables, for `flask db …` where the app itself connects as a role that owns
    # nothing (PostgreSQL row-level security binds that role); default: DATABASE_URL.
    "MIGRATION_DATABASE_URL": None,
    "PLUGINS": None,
    "TENANTS_DIR": str(ROOT / "tenants"),
    "MIGRATIONS_DIR": str(ROOT / "migrations"),
    "LOGIN_RATE_LIMIT": 5,  # failed sign-ins per account in the window
    "LOGIN_ADDRESS_RATE_LIMIT": 50,  # per client address: an office behind one address is not locked out by one user
    "LOGIN_RATE_WINDOW_SECONDS": 900,
    "PROXY_HOPS": 0,  # reverse proxies in front of the app whose X-Forwarded-* headers are trusted (ProxyFix)
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    "BABEL_DEFAULT_LOCALE": "id",
    "LANGUAGES": ("id", "en"),
    "MAX_CONTENT_LENGTH": 1 * 1024 * 1024,
    "SCHEDULER_IN_PROCESS": False,  # the development server runs the scheduler in a thread (make run)
    "SCHEDULER_LEASE_SECONDS": 60,  # a job's lease, renewed after each batch; a dead holder's runs out
    "SCHEDULER_BATCH_SIZE": 500,  # breaches opened per transaction
    "SCHEDULER_CRON": {},  # by job, cron fields replacing its own, e.g. {"breach-sweep": {"minute": "*/5"}}
    # Evidence files and issued letters: stored outside the database, by content hash, under this
    # directory; an evidence upload may be at most EVIDENCE_MAX_BYTES (its request a little more).
    "EVIDENCE_DIR": str(ROOT / "instance" / "evidence"),
    "EVIDENCE_MAX_BYTES": 5 * 1024 * 1024,
    # Fernet key(s) for encrypted columns (the complainant's NIK), comma-separated, newest first;
    # unset: a development key, refused in production (core/platform/field_crypto.py).
    "FIELD_KEY": None,
    # The public complaint pages (no account): writes per client address, and unknown tracking
    # codes tried per address, in the window; counted in the database like the login limit.
    "PUBLIC_WRITE_RATE_LIMIT": 10,
    "PUBLIC_MISS_RATE_LIMIT": 20,
    "PUBLIC_RATE_WINDOW_SECONDS": 3600,
    # Messages to the complainant (core/casework/notices.py): by e-mail through this server when set
    # (smtp://user:password@host:port, ?starttls=1, or smtps://…), from MAIL_FROM; else on the case.
    "SMTP_URL": None,
    "MAIL_FROM": "kompensasi@localhost",
    # Days the officer named in a proposed sanction has to answer before the head may record it.
    "SANCTION_ANSWER_DAYS": 5,
}


class ConfigError(RuntimeError):
    pass


def default_database_url() -> str:
    instance = ROOT / "instance"
    instance.mkdir(exist_ok=True)
    return f"sqlite:///{instance / 'kompensasi.sqlite3'}"


def load(config: MutableMapping[str, Any]) -> None:
    """Defaults, the conventional unprefixed names, then ``KOMPENSASI_*``."""
    config.update(DEFAULTS)
    config.update({name: os.environ[name] for name in CONVENTIONAL if os.environ.get(name)})
    from_prefixed_env(config, PREFIX)


def from_prefixed_env(config: MutableMapping[str, Any], prefix: str) -> None:
    """``KOMPENSASI_NAME=value`` sets ``NAME``: the value read as JSON where it is JSON (``true``,
    ``3``, ``{"a": 1}``), else as text; ``KOMPENSASI_A__B`` sets the key ``B`` of the dict ``A``.
    The same reading as Flask's ``Config.from_prefixed_env``, without Flask."""
    start = f"{prefix}_"
    for key in sorted(os.environ):
        if not key.startswith(start):
            continue
        raw = os.environ[key]
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        *parents, name = key[len(start):].split("__")
        current = config
        for parent in parents:
            current = current.setdefault(parent, {})
        current[name] = value


def derive(config: MutableMapping[str, Any]) -> None:
    """What follows from the settings given (after a test's overrides too)."""
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = default_database_url()
    production = config["ENV"] == "production"
    config["SESSION_COOKIE_SECURE"] = config["REMEMBER_COOKIE_SECURE"] = production
    plugins = config.get("PLUGINS")
    if isinstance(plugins, str):
        config["PLUGINS"] = [name.strip() for name in plugins.split(",") if name.strip()]


def check(config: MutableMapping[str, Any]) -> None:
    """Production refuses to start with the default secret."""
    if config["ENV"] == "production" and config["SECRET_KEY"] in (DEFAULT_SECRET, "", None):
        raise ConfigError("SECRET_KEY must be set in production (KOMPENSASI_ENV=production)")
    check_field_key(config)


def check_field_key(config: MutableMapping[str, Any]) -> None:
    """The key of the encrypted columns: well formed, and set (not the development one) in production."""
    key = config.get("FIELD_KEY")
    if config["ENV"] == "production" and (not key or DEVELOPMENT_KEY in str(key)):
        raise ConfigError("FIELD_KEY must be set in production (KOMPENSASI_FIELD_KEY, a Fernet key)")
    try:
        fernet_of(key)
    except FieldKeyError as exc:
        raise ConfigError(str(exc)) from None


def settings() -> dict[str, Any]:
    """The settings outside an application (a bare ``alembic`` command, a script)."""
    config: dict[str, Any] = {}
    load(config)
    derive(config)
    return config
