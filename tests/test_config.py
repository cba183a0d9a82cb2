"""Settings: defaults, then the environment (KOMPENSASI_*, and the conventional DATABASE_URL and
SECRET_KEY), read in one place."""

import pytest

from core.platform.config import ConfigError, check, settings as _settings


def test_production_refuses_the_default_secret(monkeypatch):
    monkeypatch.setenv("KOMPENSASI_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        check(_settings())


def test_production_with_a_secret_starts_with_secure_cookies(monkeypatch):
    monkeypatch.setenv("KOMPENSASI_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret")
    monkeypatch.setenv("KOMPENSASI_FIELD_KEY", "UHJvZHVjdGlvbi1maWVsZC1rZXktMzItYnl0ZXMhISE=")
    config = _settings()
    check(config)
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_embedded_sqlite_is_the_default(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("KOMPENSASI_DATABASE_URL", raising=False)
    assert _settings()["DATABASE_URL"].startswith("sqlite:///")


def test_prefixed_settings_win_and_numbers_are_numbers(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///conventional.sqlite3")
    monkeypatch.setenv("KOMPENSASI_DATABASE_URL", "sqlite:///prefixed.sqlite3")
    monkeypatch.setenv("KOMPENSASI_LOGIN_RATE_LIMIT", "10")
    monkeypatch.setenv("KOMPENSASI_PLUGINS", "kota_bekasi_2023, prov_lampung_2024")
    config = _settings()
    assert config["DATABASE_URL"] == "sqlite:///prefixed.sqlite3"
    assert config["LOGIN_RATE_LIMIT"] == 10
    assert config["PLUGINS"] == ["kota_bekasi_2023", "prov_lampung_2024"]


def test_the_plugins_setting_restricts_which_decrees_load(monkeypatch, tmp_path):
    from core import create_app

    monkeypatch.setenv("KOMPENSASI_PLUGINS", "kota_bekasi_2023")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": "x"})
    assert app.extensions["decrees"].names() == ["kota_bekasi_2023"]
    app.extensions["engine"].dispose()


def test_production_refuses_to_start_without_a_field_key(monkeypatch):
    """The NIK is stored encrypted; the development key is in the source, so production needs its own."""
    from core.platform.field_crypto import DEVELOPMENT_KEY

    monkeypatch.setenv("KOMPENSASI_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret")
    monkeypatch.delenv("KOMPENSASI_FIELD_KEY", raising=False)
    with pytest.raises(ConfigError, match="FIELD_KEY"):
        check(_settings())
    monkeypatch.setenv("KOMPENSASI_FIELD_KEY", DEVELOPMENT_KEY)
    with pytest.raises(ConfigError, match="FIELD_KEY"):
        check(_settings())


def test_a_malformed_field_key_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("KOMPENSASI_FIELD_KEY", "not-a-fernet-key")
    with pytest.raises(ConfigError, match="Fernet"):
        check(_settings())


def test_field_keys_rotate_the_first_encrypts_every_one_decrypts():
    from cryptography.fernet import Fernet

    from core.platform import field_crypto

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    try:
        field_crypto.configure(old)
        stored = field_crypto.encrypt("3275014501900001")
        field_crypto.configure(f"{new},{old}")
        assert field_crypto.decrypt(stored) == "3275014501900001"
        assert Fernet(new.encode()).decrypt(field_crypto.encrypt("x").encode()) == b"x"
        field_crypto.configure(new)
        with pytest.raises(field_crypto.UnreadableField):
            field_crypto.decrypt(stored)
    finally:
        field_crypto.configure(None)
