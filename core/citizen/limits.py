"""How often one client address may write on the public pages, and try tracking codes.

Counted in the database (``public_rate_events``), which every worker shares, like the login
limit (``core/access/security.py``): four gunicorn workers still allow the limit once, not four times.
Rows older than the window are pruned as the same key records new ones."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.platform.domain_errors import TooManyRequests
from core.models import PublicRateEvent

WRITE, MISS = "write", "miss"


class PublicRateLimit:
    """Writes (a complaint filed, a receipt confirmed, an objection) and unknown tracking codes,
    per client address, in a sliding window."""

    def __init__(self, session: Session, *, writes: int, misses: int, window_seconds: int):
        self.session = session
        self.limits = {WRITE: writes, MISS: misses}
        self.window = timedelta(seconds=window_seconds)

    def check(self, kind: str, address: str) -> None:
        """Refuse (:class:`TooManyRequests`, with the seconds to wait) when the address is at its limit."""
        now = datetime.now(timezone.utc)
        count, oldest = self.session.execute(
            select(func.count(), func.min(PublicRateEvent.at))
            .where(PublicRateEvent.key == self._key(kind, address), PublicRateEvent.at >= now - self.window)
        ).one()
        if count >= self.limits[kind]:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=timezone.utc)
            wait = max(1, int((oldest + self.window - now).total_seconds()) + 1)
            raise TooManyRequests("Terlalu banyak permintaan dari alamat ini. Coba lagi nanti.", wait)

    def record(self, kind: str, address: str) -> None:
        """Count one more (the caller commits); forget this key's events older than the window."""
        key = self._key(kind, address)
        now = datetime.now(timezone.utc)
        self.session.execute(delete(PublicRateEvent).where(PublicRateEvent.key == key,
                                                           PublicRateEvent.at < now - self.window))
        self.session.add(PublicRateEvent(key=key, at=now))

    @staticmethod
    def _key(kind: str, address: str) -> str:
        return f"{kind}:{address}"[:300]
