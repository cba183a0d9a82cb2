"""One process among many runs a job per tick: a lease row per job, on SQLite and PostgreSQL alike.

Taking the lease is one conditional ``UPDATE`` (the row is free or its lease ran out, and the tick
asked for is newer than the last one run): the database serialises two takers, so exactly one sees
its row updated. The holder renews the lease while it works (after each batch), so a holder that
died (``kill -9``) loses it after ``ttl`` seconds and the next tick runs the job again. Work done
under a lease is idempotent anyway (the breach sweep's unique key): the lease saves the work, the
schema guarantees the result.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from core.platform.db import Session
from core.models import SchedulerLease


class LeaseLost(RuntimeError):
    """The lease ran out and another process took the job: stop working on it."""


def holder_name() -> str:
    """This process, uniquely: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _ensure_row(job: str) -> None:
    if Session.scalar(select(SchedulerLease.job).where(SchedulerLease.job == job)) is None:
        try:
            with Session.begin_nested():
                Session.add(SchedulerLease(job=job))
        except IntegrityError:
            pass  # another process inserted it first: the row is what we wanted
    Session.commit()


def acquire(job: str, holder: str, tick: datetime, now: datetime, ttl: float) -> bool:
    """Take ``job``'s lease for ``tick``; False when another process holds it or ran this tick."""
    _ensure_row(job)
    taken = Session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.job == job,
               or_(SchedulerLease.lease_until.is_(None), SchedulerLease.lease_until < now),
               or_(SchedulerLease.last_tick.is_(None), SchedulerLease.last_tick < tick))
        .values(holder=holder, lease_until=now + timedelta(seconds=ttl), last_tick=tick)
        .execution_options(synchronize_session=False)
    ).rowcount
    Session.commit()
    return taken == 1


def renew(job: str, holder: str, now: datetime, ttl: float) -> None:
    """Extend the lease while working; :class:`LeaseLost` if it is no longer ours."""
    kept = Session.execute(
        update(SchedulerLease).where(SchedulerLease.job == job, SchedulerLease.holder == holder)
        .values(lease_until=now + timedelta(seconds=ttl)).execution_options(synchronize_session=False)
    ).rowcount
    Session.commit()
    if kept != 1:
        raise LeaseLost(f"the lease of {job} passed to another process")


def release(job: str, holder: str, now: datetime) -> None:
    Session.execute(
        update(SchedulerLease).where(SchedulerLease.job == job, SchedulerLease.holder == holder)
        .values(holder=None, lease_until=None, last_finished_at=now).execution_options(synchronize_session=False)
    )
    Session.commit()


def leases() -> dict[str, SchedulerLease]:
    return {row.job: row for row in Session.scalars(select(SchedulerLease))}
