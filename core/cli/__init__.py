"""Commands: ``flask db``, ``flask tenants``, ``flask decree``, ``flask users``, ``flask scheduler``."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import click
from alembic import command
from flask import Flask, current_app
from flask.cli import AppGroup
from marshmallow import ValidationError
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from core import vocabulary
from core.casework import sweeps
from core.jobs import scheduler
from core.platform import migrate
from core.platform.db import Session, make_engine
from core.decrees.compare import compare
from core.decrees.compose import PARTS
from core.decrees.contract import FactsError
from core.decrees.dispatch import evaluate_for_tenant, part_for_tenant
from core.decrees.facts import flatten_errors, load_facts
from core.decrees.scaffold import ScaffoldError, create
from core.demo.logins import create_user, ensure_demo_users
from core.http.extensions import decrees
from core.platform.domain_errors import DomainError, error_body
from core.models import ApiToken, User
from core.access.security import DEFAULT_TOKEN_DAYS, issue_token, revoke_token
from core.http.url_tenant import tenant_by_slug
from core.agency.tenant_files import TenantFileError, sync
from core.cli.calendar import calendar_group, requests_group
from core.cli.province import demo_group, province_group


def register_commands(app: Flask) -> None:
    for group in (db_group, tenants_group, decree_group, users_group, scheduler_group):
        app.cli.add_command(group)
    app.cli.add_command(calendar_group)
    app.cli.add_command(requests_group)
    app.cli.add_command(demo_group)
    app.cli.add_command(province_group)


def _error_json(body: dict) -> str:
    return json.dumps(body, ensure_ascii=False)


def _fail(message: str, code: int = 1):
    click.echo(message, err=True)
    sys.exit(code)


# -- flask db ----------------------------------------------------------------

@click.group("db", cls=AppGroup, help="Database schema (Alembic migrations in migrations/).")
def db_group():
    pass


def _owner_url() -> str:
    config = current_app.config
    return config["MIGRATION_DATABASE_URL"] or config["DATABASE_URL"]


def _alembic():
    return migrate.alembic_config(_owner_url(), current_app.config["MIGRATIONS_DIR"])


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision):
    """Build or upgrade the schema to REVISION (default: head)."""
    command.upgrade(_alembic(), revision)
    click.echo(f"database at {revision}")


@db_group.command("downgrade")
@click.argument("revision")
def db_downgrade(revision):
    """Take the schema back to REVISION (``base`` empties it)."""
    command.downgrade(_alembic(), revision)


@db_group.command("migrate")
@click.option("-m", "--message", required=True, help="what the revision does, e.g. 'kahar periods reason'")
@click.option("--rev-id", default=None, help="default: the next number (0003, …)")
def db_migrate(message, rev_id):
    """Write a new revision with the changes between the models and the database (autogenerate)."""
    config = _alembic()
    script = command.revision(config, message=message, autogenerate=True, rev_id=rev_id or migrate.next_revision_id(config))
    click.echo(f"wrote {script.path}: read it, mend it, then flask db upgrade")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--rev-id", default=None, help="default: the next number (0003, …)")
def db_revision(message, rev_id):
    """Write an empty revision (a data migration, a trigger) to fill in by hand."""
    config = _alembic()
    script = command.revision(config, message=message, rev_id=rev_id or migrate.next_revision_id(config))
    click.echo(f"wrote {script.path}")


@db_group.command("history")
def db_history():
    """Every revision, newest first."""
    command.history(_alembic())


@db_group.command("current")
def db_current():
    """The revision the database is at."""
    command.current(_alembic())


@db_group.command("app-role")
@click.argument("name")
@click.password_option(help="the role's password")
def db_app_role(name, password):
    """Create (or update) the role the application connects as on PostgreSQL: it may read and
    write every table but owns none, so row-level security binds it. Run as the owner."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        _fail("error: a role name is lowercase letters, digits and _")
    url = make_url(_owner_url())
    if url.get_backend_name() != "postgresql":
        _fail("error: row-level security and application roles are PostgreSQL's; this database is not")
    engine = make_engine(url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name})
        verb = "ALTER" if exists else "CREATE"
        quoted = connection.scalar(text("SELECT quote_literal(:password)"), {"password": password})
        connection.execute(text(f"{verb} ROLE {name} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD {quoted}"))
        for statement in (
            f"GRANT CONNECT ON DATABASE {url.database} TO {name}",
            f"GRANT USAGE ON SCHEMA public TO {name}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {name}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {name}",
        ):
            connection.execute(text(statement))
    engine.dispose()
    app_url = url.set(username=name, password="***").render_as_string(hide_password=False)
    click.echo(f"role {name} ready; the application connects as it: DATABASE_URL={app_url}")


@db_group.command("stamp")
@click.argument("revision")
def db_stamp(revision):
    """Mark the database as being at REVISION without running anything."""
    command.stamp(_alembic(), revision)


# -- flask tenants -----------------------------------------------------------

@click.group("tenants", cls=AppGroup, help="Agencies, from the files in tenants/.")
def tenants_group():
    pass


@tenants_group.command("sync")
@click.option("--directory", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--force", is_flag=True, help="apply files even over changes made since (drift)")
def tenants_sync(directory, force):
    """Load tenants/*.toml idempotently and report what changed, and any drift."""
    try:
        report = sync(directory or Path(current_app.config["TENANTS_DIR"]), decrees(), force)
    except (TenantFileError, FileNotFoundError) as exc:
        _fail(f"error: {exc}\nnothing was changed")
    for line in report.lines:
        click.echo(line)


# -- flask decree ------------------------------------------------------------

@click.group("decree", cls=AppGroup, help="Decree plugins: list, evaluate, compare, scaffold.")
def decree_group():
    pass


@decree_group.command("list")
def decree_list():
    """Every installed decree with its number, title, jurisdiction and dates; and any broken one."""
    for name, reason in sorted(decrees().broken.items()):
        click.echo(f"{name}  BROKEN: {reason}")
    for info in decrees().infos():
        until = info.effective_until or "—"
        click.echo(f"{info.plugin}  {info.number}  v{info.version}")
        click.echo(f"    {info.title}")
        click.echo(f"    {info.jurisdiction} ({info.level}); signed {info.signed_on}; in force {info.effective_from} – {until}; {info.kind}")


def _read_facts():
    try:
        payload = json.loads(sys.stdin.read() or "null")
    except json.JSONDecodeError as exc:
        _fail(_error_json(error_body("bad_request", f"facts are not valid JSON: {exc}")), 2)
    try:
        return load_facts(payload)
    except ValidationError as exc:
        _fail(_error_json(error_body("invalid", "some facts are invalid", flatten_errors(exc.messages))), 2)


def _print(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


ONLY = click.option(
    "--only", type=click.Choice(PARTS),
    help="answer one question: classify (what breach), compensate (what the user receives), sanction (what the officer faces)",
)


@decree_group.command("evaluate")
@click.option("--tenant", "slug", required=True, help="tenant slug, e.g. kota-bekasi")
@ONLY
def decree_evaluate(slug, only):
    """Read facts as JSON on stdin; print the decision of the tenant's decree as JSON."""
    facts = _read_facts()
    tenant = tenant_by_slug(slug)
    if tenant is None:
        _fail(_error_json(error_body("not_found", f"no tenant {slug!r}", {"tenant": ["unknown"]})), 2)
    try:
        if only is None:
            _print(evaluate_for_tenant(decrees(), tenant, facts).to_dict())
        else:
            _print(part_for_tenant(decrees(), tenant, facts, only))
    except FactsError as exc:
        _fail(_error_json(error_body("invalid_facts", exc.message, exc.fields)), 2)
    except DomainError as exc:
        _fail(_error_json(exc.body()), 2)


@decree_group.command("compare")
@ONLY
def decree_compare(only):
    """Read facts on stdin; print every installed decree's decision (or one answer) for the same facts."""
    _print(compare(decrees(), _read_facts(), only))


@decree_group.command("new")
@click.argument("name")
@click.option("--directory", type=click.Path(file_okay=False, path_type=Path), default=None)
def decree_new(name, directory):
    """Create plugins/NAME from the scaffold; it passes the examples harness as created."""
    try:
        path = create(name, directory or Path(current_app.root_path).parent / "plugins")
    except ScaffoldError as exc:
        _fail(f"error: {exc}")
    click.echo(f"created {path}; read docs/plugins.md next")


# -- flask users -------------------------------------------------------------

@click.group("users", cls=AppGroup, help="Users and API tokens.")
def users_group():
    pass


DEMO_PASSWORD = "demo-kompensasi"


@users_group.command("demo")
def users_demo():
    """Create one demo login per role (idempotent) and print them. Refused in production."""
    if current_app.config["ENV"] == "production":
        _fail("demo users are not created in production")
    click.echo("Demo logins (password for all: %s):" % DEMO_PASSWORD)
    for user in ensure_demo_users(DEMO_PASSWORD):
        click.echo(f"  {user.role:<15} {user.email}")


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(vocabulary.ROLES))
@click.option("--tenant", "slug", default=None)
@click.option("--province", default=None)
@click.password_option()
def users_create(email, name, role, slug, province, password):
    try:
        user = create_user(email, name, role, password, slug, province)
    except ValueError as exc:
        _fail(f"error: {exc}")
    click.echo(f"created {user.email} ({user.role})")


def _user(email: str) -> User:
    user = Session.scalar(select(User).where(User.email == email.lower()))
    if user is None:
        _fail(f"error: no user {email}")
    return user


@users_group.command("token")
@click.argument("email")
@click.option("--name", default="cli")
@click.option("--days", type=click.IntRange(1, 366), default=DEFAULT_TOKEN_DAYS, show_default=True,
              help="how long the token is valid")
def users_token(email, name, days):
    """Issue an API token for EMAIL; it is printed once and stored only as a digest."""
    token = issue_token(Session, _user(email), name, days)
    Session.commit()
    click.echo(token)


@users_group.command("tokens")
@click.argument("email")
def users_tokens(email):
    """EMAIL's API tokens: id, name, issued, expiry, and whether revoked."""
    for row in Session.scalars(select(ApiToken).where(ApiToken.user_id == _user(email).id).order_by(ApiToken.id)):
        state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
        expiry = f"{row.expires_at:%Y-%m-%d}" if row.expires_at else "never"
        click.echo(f"{row.id}  {row.name}  issued {row.created_at:%Y-%m-%d}  expires {expiry}  {state}")


@users_group.command("revoke")
@click.argument("token_id", type=int)
def users_revoke(token_id):
    """Revoke the API token TOKEN_ID (see ``flask users tokens``); every worker refuses it at once."""
    row = Session.get(ApiToken, token_id)
    if row is None:
        _fail(f"error: no token {token_id}")
    revoke_token(row)
    Session.commit()
    click.echo(f"revoked token {token_id} ({row.name})")


# -- flask scheduler ---------------------------------------------------------

@click.group("scheduler", cls=AppGroup, help="The jobs that watch every clock: breach sweep, warning, compensation watch, daily summary.")
def scheduler_group():
    pass


@scheduler_group.command("run")
def scheduler_run():
    """Run the scheduler in this process until stopped (production: one or more of these beside
    the web workers; each job runs once per tick across all of them)."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(name)s %(message)s")
    click.echo("scheduler running; jobs: " + ", ".join(scheduler.JOBS) + " (Ctrl-C stops)")
    try:
        runner = scheduler.build(current_app._get_current_object())
        scheduler.settle_heap()
        runner.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("scheduler stopped")


@scheduler_group.command("jobs")
def scheduler_jobs():
    """Every job with its next run time (in WIB) and what it does."""
    for name, next_run, description in scheduler.next_runs(current_app):
        click.echo(f"{name:<20} next {next_run:%Y-%m-%d %H:%M %Z}  {description}")


@scheduler_group.command("run-once")
@click.argument("job")
def scheduler_run_once(job):
    """Run JOB now (breach-sweep, warning, compensation-watch, daily-summary), under its lease."""
    if job not in scheduler.JOBS:
        _fail(f"error: no job {job!r}; one of: {', '.join(scheduler.JOBS)}", 2)
    now = datetime.now(timezone.utc)
    lines = scheduler.run_job(current_app._get_current_object(), job, now=now, tick=now)
    if lines is None:
        _fail(f"{job}: another process is running it now; nothing done", 3)
    for line in lines:
        click.echo(f"{job}: {line}")


@scheduler_group.command("summary")
@click.option("--tenant", "slug", required=True, help="tenant slug, e.g. kota-bekasi")
@click.option("--days", type=click.IntRange(1, 366), default=7, show_default=True)
def scheduler_summary(slug, days):
    """The tenant's stored daily summaries, newest first."""
    tenant = tenant_by_slug(slug)
    if tenant is None:
        _fail(f"error: no tenant {slug!r}", 2)
    rows = sweeps.daily_summaries(tenant, days)
    if not rows:
        click.echo(f"{slug}: no summary stored yet (the daily-summary job runs at 00:05 WIB; "
                   "flask scheduler run-once daily-summary computes one now)")
        return
    click.echo(f"{'day':<12}{'open':>8}{'at risk':>9}{'late':>8}{'overdue compensation':>22}")
    for row in rows:
        click.echo(f"{row.day.isoformat():<12}{row.open_requests:>8}{row.at_risk:>9}{row.late:>8}{row.overdue_compensation:>22}")
