"""Commands of the provincial view: ``flask demo seed`` (demo data) and ``flask province rollup``
(rebuild every month's rollups)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from core import demo_seed, rollups
from core.extensions import decrees

demo_group = AppGroup("demo", help="Demo data for a meaningful provincial view.")
province_group = AppGroup("province", help="The provincial view: its rollups.")


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
