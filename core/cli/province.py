"""Commands of the provincial view: ``flask demo seed`` (demo data), ``flask province rollup``
(rebuild every month's rollups), and the decree tables the pages show: ``flask province matrix``
(the decree matrix) and ``flask province replay`` (an agency's cases under another decree), as
aligned text, CSV or XLSX. The commands run as the platform: they see every province."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from core.demo import seed as demo_seed
from core.province import rollups
from core.province.decree_matrix import decree_matrix, matrix_table
from core.platform.domain_errors import Invalid, NotFound
from core.http.extensions import decrees
from core.province.directory import province_named
from core.province.replay import check_target, period_of, replay, replay_table
from core.models.scope import tenant_scope
from core.http.table_export import keyed, render, render_text
from core.timekeeping.clock import now
from core.http.url_tenant import tenant_by_slug

demo_group = AppGroup("demo", help="Demo data for a meaningful provincial view.")
province_group = AppGroup("province", help="The provincial view: its rollups, the decree matrix, the what-if replay.")


@demo_group.command("seed")
@click.option("--requests", "count", type=click.IntRange(1, 5_000_000), default=3000, show_default=True,
              help="service requests to create, shared among the agencies")
@click.option("--seed", "seed_value", type=int, default=demo_seed.DEFAULT_SEED, show_default=True,
              help="the random generator's seed: the same seed (in the same month) gives the same data")
def demo_seed_command(count, seed_value):
    """Requests, complaints, decisions, compensation and sanctions, marked demo; once only."""
    if demo_seed.already_seeded():
        click.echo("demo data is there already: nothing seeded")
        return
    with click.progressbar(length=count, label="demo requests") as bar:
        report = demo_seed.seed(decrees(), count, seed_value=seed_value, progress=bar.update)
    click.echo(f"{report.requests} requests, {report.complaints} complaints ({report.upheld} upheld), "
               f"{report.compensations} compensation items, {report.sanctions} sanctions")
    for slug, n in sorted(report.per_tenant.items()):
        click.echo(f"  {slug}: {n} requests")


@province_group.command("rollup")
def province_rollup():
    """Recompute every month of every agency's rollups (the scheduler keeps the last two current)."""
    agencies = rollups.all_agencies()
    with click.progressbar(length=len(agencies), label="agencies") as bar:
        written = rollups.rebuild(agencies, progress=lambda _tenant: bar.update(1))
    click.echo(f"{written} rollup rows stored for {len(agencies)} agencies")


FORMAT = click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None,
                      help="write the table as CSV or XLSX (default: aligned text)")
OUTPUT = click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                      help="the file to write (default: standard output)")


def _emit(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str | None, output: Path | None, title: str):
    """Write the table as text, CSV or XLSX to ``output`` or standard output."""
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise click.BadParameter("XLSX is binary: name a file with --output", param_hint="'--format'")
    body = render_text(headers, rows).encode() if fmt is None else render(*keyed(headers, rows), fmt, title)
    if output is None:
        click.echo(body, nl=False)
        return
    try:
        output.write_bytes(body)
    except OSError as exc:
        raise click.BadParameter(f"cannot write {output}: {exc.strerror}", param_hint="'--output'") from None
    click.echo(f"{len(rows)} rows written to {output}", err=True)


def _refused(exc: Invalid, field: str, option: str) -> click.BadParameter:
    return click.BadParameter("; ".join(exc.fields.get(field) or [exc.message]), param_hint=f"'{option}'")


@province_group.command("matrix")
@click.option("--province", "code", required=True, help="the province's code, e.g. 32 (Jawa Barat)")
@click.option("--on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="the day whose bound decrees are read, YYYY-MM-DD (default: today)")
@FORMAT
@OUTPUT
def province_matrix(code, on, fmt, output):
    """The decree matrix of a province: per component and category, what each agency's decree gives."""
    try:
        province = province_named(code)
    except NotFound:
        raise click.BadParameter(f"no agency of province {code!r} on the platform", param_hint="'--province'") from None
    day: date = on.date() if on is not None else now().date()
    headers, rows = matrix_table(decree_matrix(decrees(), province, day))
    _emit(headers, rows, fmt, output, f"matriks-{code}")


@province_group.command("replay")
@click.argument("slug")
@click.option("--period", required=True, help="2024-06 (a month), 2024-Q2 (a quarter) or 2024 (a year)")
@click.option("--decree", "plugin", required=True, help="the decree plugin to replay under (another agency's, or a draft)")
@FORMAT
@OUTPUT
def province_replay(slug, period, plugin, fmt, output):
    """An agency's decided cases of a period judged again under another decree: the cases that would change."""
    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise click.BadParameter(f"no agency {slug!r}", param_hint="'SLUG'")
    try:
        asked = period_of(period)
    except Invalid as exc:
        raise _refused(exc, "period", "--period") from None
    registry = decrees()
    try:
        plugin = check_target(registry, plugin)
    except Invalid as exc:
        raise _refused(exc, "decree", "--decree") from None
    with tenant_scope(tenant.id):
        result = replay(registry, tenant, asked, plugin)
    headers, rows = replay_table(result)
    _emit(headers, rows, fmt, output, f"andaikan-{slug}")
    if fmt is None and output is None:
        totals = result["totals"]
        click.echo(f"{totals['cases']} cases replayed, {totals['changed']} would change, "
                   f"{totals['not_judged']} not judged, {totals['undecided']} undecided")
