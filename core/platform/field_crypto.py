"""Columns stored encrypted (the complainant's NIK): Fernet from ``cryptography``, authenticated
AES, with the key from the setting ``KOMPENSASI_FIELD_KEY``.

The setting may list several keys, comma-separated: the first encrypts, every one decrypts
(``MultiFernet``), so a key is rotated by putting the new one first and re-saving the rows.
The database only ever sees the ciphertext; the ORM hands the plain value to the code."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

# A fixed development key, refused in production (core/platform/config.py): anyone can read this file.
DEVELOPMENT_KEY = base64.urlsafe_b64encode(b"kompensasi-development-only-key!").decode()


class FieldKeyError(ValueError):
    """A field key that is not a Fernet key (32 url-safe base64-encoded bytes)."""


class UnreadableField(RuntimeError):
    """A stored value no configured key decrypts: the key was changed without keeping the old one."""


def fernet_of(setting: str | None) -> MultiFernet:
    keys = [key.strip() for key in (setting or DEVELOPMENT_KEY).split(",") if key.strip()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError):
        raise FieldKeyError("KOMPENSASI_FIELD_KEY must be Fernet keys (Fernet.generate_key()), comma-separated") from None


_current: list[MultiFernet] = [fernet_of(None)]


def configure(setting: str | None) -> None:
    """Use these keys from now on (the application factory calls this with its setting)."""
    _current[0] = fernet_of(setting)


def encrypt(value: str) -> str:
    return _current[0].encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current[0].decrypt(token.encode()).decode()
    except InvalidToken:
        raise UnreadableField("an encrypted field cannot be read with the configured KOMPENSASI_FIELD_KEY") from None


class EncryptedText(TypeDecorator):
    """Text encrypted on the way into the database and decrypted on the way out."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect) -> str | None:
        return None if value is None else decrypt(value)
