"""Letter numbers: one sequence per tenant and year, and the tenant's format around it.

The next number is taken with one atomic upsert (``INSERT … ON CONFLICT DO UPDATE … RETURNING``),
on PostgreSQL and SQLite alike: the counter row stays locked (PostgreSQL: that row; SQLite: the
database) until the transaction that took the number commits or rolls back, so two workers never
get the same number, and a letter that fails to be issued gives its number back.
"""

from __future__ import annotations

import string
from datetime import date

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.platform.db import Session, new_id
from core.models import LetterCounter

DEFAULT_FORMAT = "{seq:04d}/KOMP/{year}"
FIELDS = {"seq", "year", "month", "month_roman"}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class NumberFormatError(ValueError):
    pass


def check_format(template: str) -> str:
    """A number format may use ``{seq}`` (with a width, ``{seq:04d}``), ``{year}``, ``{month}`` and
    ``{month_roman}`` and nothing else (no attribute or index look-ups); it must use ``{seq}``."""
    try:
        used = [name for _, name, spec, conversion in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise NumberFormatError(f"not a number format: {exc}") from None
    unknown = sorted(set(used) - FIELDS)
    if unknown:
        raise NumberFormatError(f"unknown field(s) {', '.join(unknown)}; use {{seq}}, {{year}}, {{month}}, {{month_roman}}")
    if "seq" not in used:
        raise NumberFormatError("the format must contain {seq}, the running number")
    try:
        format_number(template, 1, date(2000, 1, 1))
    except (ValueError, TypeError) as exc:
        raise NumberFormatError(f"not a number format: {exc}") from None
    return template


def format_number(template: str, sequence: int, day: date) -> str:
    return template.format(seq=sequence, year=day.year, month=day.month, month_roman=ROMAN[day.month - 1])


def next_sequence(tenant_id: int, year: int) -> int:
    """The tenant's next number in this year (1 for the first), taken inside the caller's transaction."""
    dialect = Session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(LetterCounter).values(tenant_id=tenant_id, id=new_id(), year=year, last_sequence=1)
    statement = statement.on_conflict_do_update(
        index_elements=[LetterCounter.tenant_id, LetterCounter.year],
        set_={"last_sequence": LetterCounter.last_sequence + 1},
    ).returning(LetterCounter.last_sequence)
    return Session.execute(statement).scalar_one()
