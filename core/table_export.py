"""Any table of the pages as a download: CSV (UTF-8 with a BOM, so spreadsheet programs read it
as such) or XLSX (openpyxl). ``export(columns, rows, fmt, filename)`` is the one entry point.

A cell a spreadsheet would read as a formula (text starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) is written with a leading apostrophe, in both formats: an agency's or an
officer's name can never run as a formula on the reader's machine (CSV injection). Numbers stay
numbers."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response
from openpyxl import Workbook

from core.domain_errors import NotFound

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
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
    return "'" + text if text.startswith(FORMULA_START) else text


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
