"""Fetching one tenant-owned object by id: scoped by the session, 404 when absent or foreign."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import select

from core.db import Session
from core.errors import not_found

T = TypeVar("T")


def get_or_404(model: type[T], object_id: uuid.UUID | str) -> T:
    try:
        key = object_id if isinstance(object_id, uuid.UUID) else uuid.UUID(str(object_id))
    except ValueError:
        raise not_found(model.__name__) from None
    obj = Session.scalar(select(model).where(model.id == key))
    if obj is None:
        raise not_found(model.__name__)
    return obj
