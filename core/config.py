"""Settings from the environment, with safe defaults for the embedded SQLite."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SECRET = "dev-only-not-secret"
ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    pass


def default_database_url() -> str:
    instance = ROOT / "instance"
    instance.mkdir(exist_ok=True)
    return f"sqlite:///{instance / 'kompensasi.sqlite3'}"


def from_environment() -> dict:
    env = os.environ.get("KOMPENSASI_ENV", "development")
    config = {
        "ENV_NAME": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEFAULT_SECRET),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or default_database_url(),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env == "production",
        "WTF_CSRF_TIME_LIMIT": None,
        "LOGIN_RATE_LIMIT": int(os.environ.get("LOGIN_RATE_LIMIT", "5")),
        "LOGIN_RATE_WINDOW_SECONDS": int(os.environ.get("LOGIN_RATE_WINDOW_SECONDS", "900")),
        "BABEL_DEFAULT_LOCALE": "id",
        "LANGUAGES": ("id", "en"),
        "MAX_CONTENT_LENGTH": 1 * 1024 * 1024,
        "TENANTS_DIR": os.environ.get("KOMPENSASI_TENANTS_DIR", str(ROOT / "tenants")),
    }
    return config


def check(config: dict) -> None:
    """Production refuses to start with the default secret or an embedded database by accident."""
    if config["ENV_NAME"] == "production" and config["SECRET_KEY"] in (DEFAULT_SECRET, "", None):
        raise ConfigError("SECRET_KEY must be set in production (KOMPENSASI_ENV=production)")
