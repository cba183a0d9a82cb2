"""Fetching one tenant-owned object by id: scoped by the session; absent or foreign is NotFound."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import select

from core.platform.db import Session
from core.platform.domain_errors import NotFound

T = TypeVar("T")


def by_id(model: type[T], object_id: uuid.UUID | str) -> T:
    try:
        key = object_id if isinstance(object_id, uuid.UUID) else uuid.UUID(str(object_id))
    except ValueError:
        raise NotFound(model.__name__) from None
    obj = Session.scalar(select(model).where(model.id == key))
    if obj is None:
        raise NotFound(model.__name__)
    return obj
