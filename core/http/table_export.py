"""Any table of the pages as a download: CSV (UTF-8 with a BOM, so spreadsheet programs read it
as such) or XLSX (openpyxl). ``export(columns, rows, fmt, filename)`` is the one entry point.

A cell a spreadsheet would read as a formula (text starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) is written with a leading apostrophe, in both formats: an agency's or an
officer's name can never run as a formula on the reader's machine (CSV injection). Numbers stay
numbers, and a lone dash (a table's "none") stays a dash."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response
from openpyxl import Workbook

from core.platform.domain_errors import Invalid, NotFound

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOTHING = "-"  # the tables' "none" (no category, no compensation): a lone dash is no formula
SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_cell(value: Any) -> Any:
    """A value as a cell: numbers and empty as they are, text defused if it could start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) and text != NOTHING else text


def render_csv(columns: Sequence[tuple[str, str]], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(label) for _, label in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(key)) for key, _ in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(columns: Sequence[tuple[str, str]], rows: Iterable[dict[str, Any]], title: str = "data") -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=SAFE_NAME.sub("_", title)[:31] or "data")
    sheet.append([safe_cell(label) for _, label in columns])
    for row in rows:
        sheet.append([safe_cell(row.get(key)) for key, _ in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(columns: Sequence[tuple[str, str]], rows: Iterable[dict[str, Any]], fmt: str, title: str = "data") -> bytes:
    if fmt == "csv":
        return render_csv(columns, rows)
    if fmt == "xlsx":
        return render_xlsx(columns, rows, title)
    raise NotFound("export format")


def export(columns: Sequence[tuple[str, str]], rows: Iterable[dict[str, Any]], fmt: str, filename: str) -> Response:
    """The table as a download named ``filename.<fmt>``: ``columns`` are (key, header) pairs,
    ``rows`` dicts by key. An unknown format is a 404 (the URL names a file that does not exist)."""
    if fmt not in FORMATS:
        raise NotFound("export format")
    stem = SAFE_NAME.sub("_", filename).strip("_") or "tabel"
    body = render(columns, list(rows), fmt, stem)
    return Response(body, content_type=FORMATS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{stem}.{fmt}"', "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store"})


def format_of(text: str | None) -> str | None:
    """The download asked for by a ``format`` field (a query field or a command's option): none
    when absent or empty, else ``csv`` or ``xlsx``; anything else is a 422 naming ``format``."""
    if not text:
        return None
    if text not in FORMATS:
        raise Invalid(f"format: {text!r} is not one of {', '.join(FORMATS)}",
                      {"format": [f"must be one of: {', '.join(FORMATS)}"]})
    return text


def keyed(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """A table given as headers and rows of cells, as :func:`export` takes it: (key, header)
    columns and rows by key."""
    columns = [(str(index), header) for index, header in enumerate(headers)]
    return columns, [{str(index): cell for index, cell in enumerate(row)} for row in rows]


def export_rows(headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, filename: str) -> Response:
    """:func:`export` of a table given as headers and rows of cells."""
    return export(*keyed(headers, rows), fmt, filename)


def render_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The table as plain text in aligned columns (a terminal's view; no formula guard needed):
    a header line, a rule, a line per row; line breaks inside a cell become spaces."""
    def text(value: Any) -> str:
        return "" if value is None else " ".join(str(value).split())

    lines = [[text(h) for h in headers], *([text(cell) for cell in row] for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(headers))]
    shown = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in lines]
    return "\n".join([shown[0], "  ".join("-" * width for width in widths), *shown[1:]]) + "\n"
