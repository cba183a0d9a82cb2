import pytest

from core.config import ConfigError, check, from_environment


def test_production_refuses_the_default_secret(monkeypatch):
    monkeypatch.setenv("KOMPENSASI_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        check(from_environment())


def test_production_with_a_secret_starts_with_secure_cookies(monkeypatch):
    monkeypatch.setenv("KOMPENSASI_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret")
    config = from_environment()
    check(config)
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_embedded_sqlite_is_the_default(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert from_environment()["DATABASE_URL"].startswith("sqlite:///")
