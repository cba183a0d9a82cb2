"""Alembic, driven from the application's settings (``flask db …``, or a bare ``alembic`` with
``alembic.ini``). Flask-Migrate is built on Flask-SQLAlchemy, which this project does not use;
these commands give the same reach over Alembic's own ``command`` API."""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from core.platform.config import ROOT

MIGRATIONS = ROOT / "migrations"


def alembic_config(database_url: str, directory: str | Path = MIGRATIONS) -> Config:
    config = Config(stdout=sys.stdout)  # the stream of now, not of import time (click captures it)
    config.set_main_option("script_location", str(directory))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def next_revision_id(config: Config) -> str:
    """Revisions are numbered 0001, 0002, …: the next number after the highest one."""
    numbers = [int(s.revision) for s in ScriptDirectory.from_config(config).walk_revisions() if s.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def upgrade(database_url: str, revision: str = "head", directory: str | Path = MIGRATIONS) -> None:
    command.upgrade(alembic_config(database_url, directory), revision)


def downgrade(database_url: str, revision: str, directory: str | Path = MIGRATIONS) -> None:
    command.downgrade(alembic_config(database_url, directory), revision)
