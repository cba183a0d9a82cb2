"""The platform's clock and default zone: every agency in the decrees so far keeps WIB."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

DEFAULT_ZONE = ZoneInfo("Asia/Jakarta")


def now(zone: ZoneInfo = DEFAULT_ZONE) -> datetime:
    return datetime.now(zone)
