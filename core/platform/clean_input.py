"""Text the platform can store: no NUL byte (PostgreSQL refuses it) and no lone surrogate (no
encoding can write it). Every input schema inherits the check, so a bad string anywhere in a
body is a field error, never a server error."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, pre_load

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MESSAGE = "Contains a NUL byte or an unpaired surrogate; send plain text."


def unstorable_text(value: Any, path: str = "") -> dict[str, list[str]]:
    """Where in a decoded JSON value a string (or a key) cannot be stored, by dotted path."""
    found: dict[str, list[str]] = {}
    if isinstance(value, str):
        if UNSTORABLE.search(value):
            found[path or "_schema"] = [MESSAGE]
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and UNSTORABLE.search(key):
                found[path or "_schema"] = [MESSAGE]
            found.update(unstorable_text(item, where))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(unstorable_text(item, f"{path}.{index}" if path else str(index)))
    return found


class CleanSchema(Schema):
    """A schema whose input is refused, field by field, when it carries text that cannot be stored."""

    @pre_load
    def _storable_text(self, data: Any, **_: Any) -> Any:
        found = unstorable_text(data)
        if found:
            raise ValidationError(found)
        return data
