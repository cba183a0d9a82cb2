"""Commands: ``flask calendar`` (holidays, the agency's own days off, keadaan kahar) and
``flask requests pause|resume`` (an officer stops one request's clock, with a reason).

Input is read through the API's schemas, so a command refuses what the API refuses, with the same
error body (on stderr, exit status 2) and nothing changed."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import date
from zoneinfo import ZoneInfo

import click
from flask.cli import AppGroup
from marshmallow import Schema, ValidationError
from sqlalchemy import select

from core import vocabulary
from core.access import policy
from core.agency import calendar_changes, pauses
from core.http.schemas.calendar import (
    DayOffSchema, HolidayQuerySchema, KaharEndSchema, KaharSchema, PauseRequestSchema as _PauseSchema,
)
from core.platform.db import Session
from core.decrees.facts import flatten_errors
from core.platform.domain_errors import DomainError, error_body
from core.http.extensions import decrees
from core.models import KaharPeriod, ServiceRequest, Tenant, User
from core.models.scope import tenant_scope
from core.timekeeping.clock import now
from core.http.url_tenant import tenant_by_slug

TENANT = click.option("--tenant", "slug", required=True, help="tenant slug, e.g. kota-bekasi")


def _refuse(body: dict):
    click.echo(json.dumps(body, ensure_ascii=False), err=True)
    Session.rollback()
    sys.exit(2)


def _load(schema: Schema, data: dict) -> dict:
    try:
        return schema.load(data)
    except ValidationError as exc:
        _refuse(error_body("invalid", "some fields are invalid", flatten_errors(exc.messages)))


def _tenant(slug: str) -> Tenant:
    tenant = tenant_by_slug(slug)
    if tenant is None:
        _refuse(error_body("not_found", f"no tenant {slug!r}", {"tenant": ["unknown"]}))
    return tenant


def _actor(email: str | None, tenant: Tenant, permission: str) -> int | None:
    """The user named by ``--by``: one whose role may do this in the tenant."""
    if email is None:
        return None
    user = Session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        _refuse(error_body("not_found", f"no user {email}", {"by": ["unknown user"]}))
    if not policy.can(user, permission, tenant):
        _refuse(error_body("forbidden", f"{email} may not do this in {tenant.slug} ({permission})", {"by": ["role"]}))
    return user.id


def _run(change):
    """Run a change and commit it; a domain refusal is printed and nothing is kept."""
    try:
        result = change()
    except DomainError as exc:
        _refuse(exc.body())
    Session.commit()
    return result


def _by_id(model, object_id: str, what: str):
    try:
        key = uuid.UUID(object_id)
    except ValueError:
        key = None
    row = Session.scalar(select(model).where(model.id == key)) if key else None
    if row is None:
        _refuse(error_body("not_found", f"no {what} {object_id}", {"id": ["unknown"]}))
    return row


def _kahar_line(row: KaharPeriod, tenant: Tenant) -> str:
    zone = ZoneInfo(tenant.timezone)
    end = row.ends_at.astimezone(zone).isoformat() if row.ends_at else "(belum berakhir)"
    return f"{row.id}  {row.starts_at.astimezone(zone).isoformat()}  {end}  {row.reason}"


# -- flask calendar ------------------------------------------------------------

@click.group("calendar", cls=AppGroup, help="An agency's calendar: holidays, its own days off, keadaan kahar.")
def calendar_group():
    pass


@calendar_group.command("holidays")
@TENANT
@click.option("--year", type=int, default=None, help="default: this year")
def calendar_holidays(slug, year):
    """The year's holidays in the agency's calendar, each with its source."""
    query = _load(HolidayQuerySchema(), {"year": year} if year is not None else {})
    tenant = _tenant(slug)
    year = query["year"] or now().year
    for holiday in calendar_changes.holidays(tenant, date(year, 1, 1), date(year, 12, 31)):
        estimated = "  (perkiraan)" if holiday.estimated else ""
        click.echo(f"{holiday.day}  {holiday.source:<14}  {holiday.name}{estimated}")


@calendar_group.command("days-off")
@TENANT
def calendar_days_off(slug):
    """The agency's own days off."""
    tenant = _tenant(slug)
    with tenant_scope(tenant.id):
        for row in Session.scalars(calendar_changes.days_off_listing()):
            click.echo(f"{row.day}  {row.name}")


@calendar_group.command("add-day-off")
@TENANT
@click.argument("day")
@click.argument("name")
def calendar_add_day_off(slug, day, name):
    """Add DAY (YYYY-MM-DD) as a day off of the agency's own, named NAME."""
    data = _load(DayOffSchema(), {"day": day, "name": name})
    tenant = _tenant(slug)
    with tenant_scope(tenant.id):
        _row, moved = _run(lambda: calendar_changes.add_day_off(decrees(), tenant, data["day"], data["name"]))
    click.echo(f"added day off {data['day']}; {moved} open request deadline(s) recomputed")


@calendar_group.command("remove-day-off")
@TENANT
@click.argument("day")
def calendar_remove_day_off(slug, day):
    """Remove the agency's own day off on DAY (YYYY-MM-DD)."""
    data = _load(DayOffSchema(partial=("name",)), {"day": day})
    tenant = _tenant(slug)
    with tenant_scope(tenant.id):
        row = calendar_changes.day_off_on(data["day"])
        if row is None:
            _refuse(error_body("not_found", f"{data['day']} is not a day off of {slug}", {"day": ["not a day off"]}))
        moved = _run(lambda: calendar_changes.remove_day_off(decrees(), tenant, row))
    click.echo(f"removed day off {data['day']}; {moved} open request deadline(s) recomputed")


@calendar_group.command("kahar")
@TENANT
def calendar_kahar(slug):
    """The agency's keadaan kahar periods: id, start, end, reason."""
    tenant = _tenant(slug)
    with tenant_scope(tenant.id):
        for row in Session.scalars(calendar_changes.kahar_listing()):
            click.echo(_kahar_line(row, tenant))


@calendar_group.command("declare-kahar")
@TENANT
@click.option("--starts", required=True, help="ISO 8601 with offset, e.g. 2024-09-17T08:00:00+07:00")
@click.option("--ends", default=None, help="ISO 8601 with offset; leave out while it lasts (end-kahar later)")
@click.option("--reason", required=True)
@click.option("--by", "email", default=None, help="the admin who declares it")
def calendar_declare_kahar(slug, starts, ends, reason, email):
    """Declare a keadaan kahar; the deadlines of the agency's open requests follow."""
    data = _load(KaharSchema(), {"starts_at": starts, "ends_at": ends, "reason": reason})
    tenant = _tenant(slug)
    actor = _actor(email, tenant, "calendar.write")
    with tenant_scope(tenant.id):
        row, moved = _run(lambda: calendar_changes.declare_kahar(
            decrees(), tenant, data["starts_at"], data["ends_at"], data["reason"], actor))
        click.echo(f"declared {_kahar_line(row, tenant)}; {moved} open request deadline(s) recomputed")


@calendar_group.command("end-kahar")
@TENANT
@click.argument("kahar_id")
@click.option("--ends", required=True, help="ISO 8601 with offset")
@click.option("--by", "email", default=None)
def calendar_end_kahar(slug, kahar_id, ends, email):
    """End the open-ended keadaan kahar KAHAR_ID (see ``flask calendar kahar``)."""
    data = _load(KaharEndSchema(), {"ends_at": ends})
    tenant = _tenant(slug)
    actor = _actor(email, tenant, "calendar.write")
    with tenant_scope(tenant.id):
        row = _by_id(KaharPeriod, kahar_id, "keadaan kahar")
        moved = _run(lambda: calendar_changes.end_kahar(decrees(), tenant, row, data["ends_at"], actor))
        click.echo(f"ended {_kahar_line(row, tenant)}; {moved} open request deadline(s) recomputed")


@calendar_group.command("withdraw-kahar")
@TENANT
@click.argument("kahar_id")
def calendar_withdraw_kahar(slug, kahar_id):
    """Withdraw the keadaan kahar KAHAR_ID, declared in error."""
    tenant = _tenant(slug)
    with tenant_scope(tenant.id):
        row = _by_id(KaharPeriod, kahar_id, "keadaan kahar")
        moved = _run(lambda: calendar_changes.withdraw_kahar(decrees(), tenant, row))
    click.echo(f"withdrew keadaan kahar {kahar_id}; {moved} open request deadline(s) recomputed")


# -- flask requests ------------------------------------------------------------

@click.group("requests", cls=AppGroup, help="Service requests: pause and resume one request's clock.")
def requests_group():
    pass


def _request(reference: str) -> ServiceRequest:
    row = Session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
    if row is None:
        _refuse(error_body("not_found", f"no service request {reference!r}", {"reference": ["unknown"]}))
    return row


@requests_group.command("pause")
@TENANT
@click.argument("reference")
@click.option("--reason", default=None, help=", ".join(vocabulary.PAUSE_REASONS))
@click.option("--by", "email", required=True, help="the officer (petugas or pimpinan) who pauses it")
def requests_pause(slug, reference, reason, email):
    """Pause the clock of request REFERENCE now, for a reason from the list."""
    data = _load(_PauseSchema(), {"reason": reason} if reason is not None else {})
    tenant = _tenant(slug)
    actor = _actor(email, tenant, "service_request.pause")
    with tenant_scope(tenant.id):
        row = _request(reference)
        _run(lambda: pauses.pause(decrees(), tenant, row, data["reason"], actor, now()))
        click.echo(f"{reference}: paused ({vocabulary.LABELS[data['reason']]}); status {row.status}")


@requests_group.command("resume")
@TENANT
@click.argument("reference")
@click.option("--by", "email", required=True, help="the officer (petugas or pimpinan) who resumes it")
def requests_resume(slug, reference, email):
    """Let the clock of request REFERENCE run again; its deadline moves by the paused working time."""
    tenant = _tenant(slug)
    actor = _actor(email, tenant, "service_request.pause")
    with tenant_scope(tenant.id):
        row = _request(reference)
        _run(lambda: pauses.resume(decrees(), tenant, row, actor, now()))
        due = row.due_at.astimezone(ZoneInfo(tenant.timezone)).isoformat() if row.due_at else "(none)"
        click.echo(f"{reference}: resumed; status {row.status}; due {due}")
