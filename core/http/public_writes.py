"""The public pages' limits, for the API and the pages alike: writes and unknown tracking codes
are counted per client address (``core/citizen/limits.py``)."""

from __future__ import annotations

from flask import current_app, request

from core.casework import tracking
from core.citizen.limits import MISS, WRITE, PublicRateLimit
from core.platform.db import Session
from core.platform.domain_errors import NotFound


def rate_limit() -> PublicRateLimit:
    config = current_app.config
    return PublicRateLimit(Session, writes=config["PUBLIC_WRITE_RATE_LIMIT"], misses=config["PUBLIC_MISS_RATE_LIMIT"],
                           window_seconds=config["PUBLIC_RATE_WINDOW_SECONDS"])


def case_of_code(code: str):
    """The case of a tracking code; an unknown one counts against the address."""
    limit = rate_limit()
    limit.check(MISS, request.remote_addr or "")
    try:
        return tracking.complaint_by_code(code)
    except NotFound:
        limit.record(MISS, request.remote_addr or "")
        Session.commit()
        raise


def before_writing() -> PublicRateLimit:
    limit = rate_limit()
    limit.check(WRITE, request.remote_addr or "")
    return limit


def written(limit: PublicRateLimit) -> None:
    limit.record(WRITE, request.remote_addr or "")
    Session.commit()
