"""The scheduler: APScheduler 3 runs the jobs of ``core/casework/sweeps.py`` on cron ticks.

One scheduler, many workers: every process that runs a scheduler (``flask scheduler run``, or the
development server with ``KOMPENSASI_SCHEDULER_IN_PROCESS``) fires each job on the same wall-clock
ticks; at each tick one of them takes the job's lease (``core/jobs/leases.py``) and the others pass.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from core.casework import claims, notices, sweeps
from core.jobs import leases
from core.province import rollups
from core.platform.db import Session
from core.timekeeping.clock import DEFAULT_ZONE

if TYPE_CHECKING:  # the jobs run in an application's context; they import nothing of Flask
    from flask import Flask

logger = logging.getLogger("kompensasi.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    cron: dict[str, Any]
    # misfire_grace_time: how late a fire may still run (a process that was busy or suspended). The
    # frequent jobs read the whole state each time, so a fire later than most of their interval is
    # dropped: the next tick does the same work. The daily summary may run hours late rather than
    # not at all: a late summary is still that day's.
    misfire_grace_time: int
    run: Callable[..., Any]


def _breach_sweep(app, now, heartbeat):
    return sweeps.sweep_breaches(app.extensions["decrees"], now, heartbeat=heartbeat,
                                 batch_size=int(app.config["SCHEDULER_BATCH_SIZE"])).lines()


def _warning(app, now, heartbeat):
    return [f"{sweeps.warn_before_deadlines(now, heartbeat=heartbeat)} warning(s) given"]


def _compensation_watch(app, now, heartbeat):
    return [f"{sweeps.escalate_overdue_compensation(now, heartbeat=heartbeat)} compensation item(s) escalated"]


def _send_notices(app, now, heartbeat):
    outcome = notices.send_pending(app.config, now)
    return [f"{outcome['sent']} message(s) sent, {outcome['failed']} failed"]


def _kahar_release(app, now, heartbeat):
    token = notices.by_email(bool(app.config.get("SMTP_URL")))
    try:
        return [f"{claims.release_all(now)} complaint(s) held during keadaan kahar released"]
    finally:
        notices.reset(token)


def _daily_summary(app, now, heartbeat):
    return [f"{sweeps.store_daily_summaries(now, heartbeat=heartbeat)} tenant summaries stored"]


JOBS: dict[str, Job] = {job.name: job for job in (
    Job("breach-sweep", "open a case, with the decree's decision, for each open request past its deadline",
        {"minute": "*"}, 50, _breach_sweep),
    Job("warning", "warn before a deadline, at the tenant's share of the norm (default 80%)",
        {"minute": "*/5"}, 240, _warning),
    Job("compensation-watch", "escalate compensation past its due time and not given to the head",
        {"minute": "*/15"}, 600, _compensation_watch),
    Job("send-notices", "send the complainants' messages recorded for e-mail, and record the outcome",
        {"minute": "*"}, 50, _send_notices),
    Job("kahar-release", "let complaints held during keadaan kahar continue once it is over",
        {"minute": "*/5"}, 240, _kahar_release),
    Job("daily-summary", "store each tenant's counts: open, at risk, late, overdue compensation",
        {"hour": "0", "minute": "5"}, 6 * 3600, _daily_summary),
)}



def _province_rollup(app, now, heartbeat):
    return [f"{rollups.refresh_recent(now, heartbeat=heartbeat)} rollup rows stored (this month and the last, every agency)"]


JOBS["province-rollup"] = Job(
    "province-rollup", "recompute the provincial view's monthly rollups of every agency (this month and the last)",
    {"minute": "*/15"}, 600, _province_rollup)

def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def cron_of(app: Flask, name: str) -> dict[str, Any]:
    """The job's cron fields; ``KOMPENSASI_SCHEDULER_CRON`` (JSON, by job) may replace them."""
    return dict((app.config.get("SCHEDULER_CRON") or {}).get(name, JOBS[name].cron))


def _tick(now: datetime, cron: dict[str, Any]) -> datetime:
    """The tick a fire belongs to: its minute (its second, for a job that fires by the second).
    Every process fires on the same boundary, a few milliseconds apart, so they agree on it."""
    return now.replace(microsecond=0) if "second" in cron else now.replace(second=0, microsecond=0)


def run_job(app: Flask, name: str, *, now: datetime | None = None, tick: datetime | None = None) -> list[str] | None:
    """Run one job under its lease; None when another process holds it or has run this tick."""
    job = JOBS[name]
    ttl = float(app.config["SCHEDULER_LEASE_SECONDS"])
    holder = leases.holder_name()
    with app.app_context():
        try:
            now = now or _utcnow()
            tick = tick or _tick(now, cron_of(app, name))
            if not leases.acquire(name, holder, tick, _utcnow(), ttl):
                logger.info("%s tick %s: another process has it", name, tick.isoformat())
                return None
            try:
                lines = job.run(app, now, lambda: leases.renew(name, holder, _utcnow(), ttl))
            finally:
                Session.rollback()
                leases.release(name, holder, _utcnow())
            for line in lines:
                logger.info("%s tick %s: %s", name, tick.isoformat(), line)
            return lines
        finally:
            Session.remove()


def _fire(app: Flask, name: str) -> None:
    try:
        run_job(app, name)
    except Exception:
        logger.exception("job %s failed; the next tick tries again", name)


def settle_heap() -> None:
    """Once the process has started: what it holds then (the app, the decree plugins, compiled
    statements) lives as long as it does, so it is collected once and frozen out of the garbage
    collector, whose full collections would otherwise walk all of it again during each sweep
    that reads a batch of rows."""
    gc.collect()
    gc.freeze()


def build(app: Flask, scheduler_class: type[BaseScheduler] = BlockingScheduler) -> BaseScheduler:
    """A scheduler with every job. ``coalesce``: fires missed while the process was stopped or
    busy run once, not one after another (each run reads the whole state, so one catches up).
    ``max_instances=1``: a run still going when the next tick comes makes that tick pass in this
    process (another process may take it once the lease is free)."""
    scheduler = scheduler_class(timezone=DEFAULT_ZONE, job_defaults={"coalesce": True, "max_instances": 1})
    for job in JOBS.values():
        trigger = CronTrigger(timezone=DEFAULT_ZONE, **cron_of(app, job.name))
        scheduler.add_job(_fire, trigger, args=(app, job.name), id=job.name,
                          name=job.description, misfire_grace_time=job.misfire_grace_time)
    return scheduler


def next_runs(app: Flask) -> list[tuple[str, datetime, str]]:
    """Each job's name, next run time and description, without starting anything."""
    now = datetime.now(DEFAULT_ZONE)
    return [(job.name, CronTrigger(timezone=DEFAULT_ZONE, **cron_of(app, job.name)).get_next_fire_time(None, now),
             job.description) for job in JOBS.values()]


def start_in_process(app: Flask) -> BackgroundScheduler | None:
    """The development server's scheduler, in a background thread. Under the reloader
    (``flask run --debug``) the app is built in the watching parent and in the serving child:
    only the child (``WERKZEUG_RUN_MAIN``) starts one."""
    if app.debug and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        return None
    scheduler = build(app, BackgroundScheduler)
    scheduler.start()
    app.extensions["scheduler"] = scheduler
    logger.info("scheduler started in process")
    return scheduler

