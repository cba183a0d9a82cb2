"""The service catalogue from a CSV file: read, planned row by row, and written all or nothing.

The file is UTF-8 (a byte-order mark, as spreadsheets write it, is allowed), separated by commas
or, as a spreadsheet set to Bahasa Indonesia saves it, by semicolons: the header row decides which.
Its columns are ``code``, ``name`` and ``time_norm`` (required), ``unit``, and any of the 14
components of a Standar Pelayanan by their codes (``persyaratan``, ``biaya_tarif``, …); a column
of any other name is refused, by name. Each row is planned as ``create`` (a new code), ``update``
(an existing code whose fields differ, or a retired one brought back) or ``unchanged``; every
error names its line and its column. Nothing is written unless every row is valid, so importing
the same file twice changes nothing the second time.

A cell is kept exactly as written: ``=cmd`` is stored as the text ``=cmd`` and never evaluated.
The CSV this module writes (the template, the catalogue's export) prefixes a cell that a
spreadsheet would take for a formula with an apostrophe, so opening it runs nothing; on the way
back in, that apostrophe is taken off again. A component column left empty removes that component
from the service: the file states the catalogue for the columns it has.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from core.agency.catalogue import apply_norm
from core.platform.clean_input import UNSTORABLE
from core.platform.db import Session
from core.platform.domain_errors import Invalid, TooLarge
from core.models import AuditEvent, ServiceType, Tenant, User
from core.timekeeping.norms import TimeNormError, parse_time_norm
from core.vocabulary import STANDARD_COMPONENTS

REQUIRED = ("code", "name", "time_norm")
COLUMNS = ("code", "name", "unit", "time_norm", *STANDARD_COMPONENTS)
MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
CODE = re.compile(r"^[a-z0-9_]{1,64}$")
LIMITS = {"name": 300, "unit": 200, "time_norm": 500}
COMPONENT_LIMIT = 10000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SOURCE = "csv"


@dataclass
class RowPlan:
    """One data row: its line in the file (the header is line 1), what it will do, and its errors."""

    line: int
    code: str
    action: str = "unchanged"  # create, update, unchanged; "invalid" when it has errors
    changes: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPlan:
    """What a file would do: the rows, and the errors of the file as a whole (keyed ``file`` or by column)."""

    rows: list[RowPlan] = field(default_factory=list)
    file_errors: dict[str, list[str]] = field(default_factory=dict)
    delimiter: str = ","

    @property
    def valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def errors(self) -> dict[str, list[str]]:
        """Every error, keyed ``file``/``columns`` or ``line N: column``: the fields of the refusal."""
        found = dict(self.file_errors)
        for row in self.rows:
            for column, messages in row.errors.items():
                found[f"line {row.line}: {column}"] = messages
        return found


def _decode(content: bytes) -> str:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Invalid("the file is not UTF-8 text",
                      {"file": [f"not UTF-8 (byte {exc.start + 1}); save it as “CSV UTF-8”"]}) from None
    return text.removeprefix("\ufeff")


def _read_cell(value: str) -> str:
    """A cell as stored: trimmed, with the apostrophe our own export puts before a formula-like cell taken off."""
    value = value.strip()
    if value.startswith("'") and value[1:2] in FORMULA_START and value[1:2]:
        return value[1:]
    return value


def read(content: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]], str]:
    """The header, the data rows (line number, cells by column) and the delimiter; a file that
    cannot be read as a whole is an :class:`Invalid` (or :class:`TooLarge`) naming why."""
    if len(content) > MAX_BYTES:
        raise TooLarge(f"the file is larger than {MAX_BYTES} bytes", {"file": [f"at most {MAX_BYTES} bytes"]})
    text = _decode(content)
    if not text.strip():
        raise Invalid("the file is empty", {"file": ["empty: start from the template"]})
    if "\x00" in text or UNSTORABLE.search(text):
        raise Invalid("the file holds a NUL byte or unreadable characters", {"file": ["not a text CSV file"]})
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
        rows = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise TooLarge(f"the file has more than {MAX_ROWS} rows", {"file": [f"at most {MAX_ROWS} rows"]})
            if len(record) != len(header):
                rows.append((reader.line_num, {"": f"{len(record)} cells where the header has {len(header)}"}))
                continue
            rows.append((reader.line_num, {name: _read_cell(cell) for name, cell in zip(header, record)}))
    except csv.Error as exc:
        raise Invalid("the file is not a well-formed CSV", {"file": [f"line {reader.line_num}: {exc}"]}) from None
    return header, rows, delimiter


def _header_errors(header: list[str]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in header]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if unknown:
        problems["columns"] = [f"unknown column {name!r}" if name else "a column has no name" for name in unknown]
    if missing:
        problems.setdefault("columns", []).extend(f"missing column {name!r}" for name in missing)
    if repeated:
        problems.setdefault("columns", []).extend(f"column {name!r} appears twice" for name in repeated)
    return problems


def _check_row(cells: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not CODE.match(cells["code"]):
        errors["code"] = ["1–64 lowercase letters, digits or _"]
    if not cells["name"]:
        errors["name"] = ["must not be empty"]
    for column, limit in LIMITS.items():
        if column in cells and len(cells[column]) > limit:
            errors[column] = [f"at most {limit} characters"]
    if not cells["time_norm"]:
        errors["time_norm"] = ["must not be empty"]
    elif "time_norm" not in errors:
        try:
            parse_time_norm(cells["time_norm"])
        except TimeNormError as exc:
            errors["time_norm"] = [str(exc)]  # it quotes the norm it could not read
    for column in STANDARD_COMPONENTS:
        if len(cells.get(column, "")) > COMPONENT_LIMIT:
            errors[column] = [f"at most {COMPONENT_LIMIT} characters"]
    return errors


def _values(cells: dict[str, str], existing: ServiceType | None) -> dict[str, Any]:
    """The service's fields once the row is applied (columns the file lacks keep what is stored)."""
    components = dict(existing.components or {}) if existing else {}
    for column in STANDARD_COMPONENTS:
        if column in cells:
            if cells[column]:
                components[column] = cells[column]
            else:
                components.pop(column, None)
    values = {"name": cells["name"], "time_norm_text": cells["time_norm"], "components": components, "active": True}
    if "unit" in cells:
        values["unit"] = cells["unit"]
    return values


def _changes(existing: ServiceType, values: dict[str, Any]) -> list[str]:
    found = [key for key in ("name", "unit", "time_norm_text", "active") if key in values and getattr(existing, key) != values[key]]
    before, after = existing.components or {}, values["components"]
    found += [key for key in STANDARD_COMPONENTS if before.get(key) != after.get(key)]
    return ["time_norm" if key == "time_norm_text" else key for key in found]


def plan(content: bytes) -> ImportPlan:
    """What importing ``content`` into the catalogue in scope would do, row by row; writes nothing."""
    header, rows, delimiter = read(content)
    result = ImportPlan(delimiter=delimiter, file_errors=_header_errors(header))
    if result.file_errors:
        return result
    if not rows:
        result.file_errors["file"] = ["no data rows under the header"]
        return result
    stored = {service.code: service for service in Session.scalars(select(ServiceType))}
    first_line: dict[str, int] = {}
    for line, cells in rows:
        if "" in cells:
            result.rows.append(RowPlan(line, "", "invalid", errors={"row": [cells[""]]}))
            continue
        row = RowPlan(line, cells["code"], errors=_check_row(cells))
        if row.code in first_line and "code" not in row.errors:
            row.errors["code"] = [f"code {row.code!r} is already on line {first_line[row.code]}"]
        first_line.setdefault(row.code, line)
        if row.errors:
            row.action = "invalid"
        else:
            existing = stored.get(row.code)
            row.values = _values(cells, existing)
            if existing is None:
                row.action = "create"
            else:
                row.changes = _changes(existing, row.values)
                row.action = "update" if row.changes else "unchanged"
        result.rows.append(row)
    return result


def apply(tenant: Tenant, content: bytes, actor: User | None = None) -> ImportPlan:
    """Import ``content``: every row written, or, if any row (or the file) is invalid, nothing and
    an :class:`Invalid` whose fields name each line and column."""
    result = plan(content)
    if not result.valid:
        raise Invalid("the file has errors; nothing was imported", result.errors)
    stored = {service.code: service for service in Session.scalars(select(ServiceType))}
    for row in result.rows:
        if row.action == "unchanged":
            continue
        service = stored.get(row.code) or ServiceType(tenant_id=tenant.id, code=row.code, source=SOURCE)
        values = dict(row.values)
        text = values.pop("time_norm_text")
        for key, value in values.items():
            setattr(service, key, value)
        if service.time_norm_text != text:
            apply_norm(service, text)
        Session.add(service)
    if result.count("create") or result.count("update"):
        Session.add(AuditEvent(tenant_id=tenant.id, entity="service_catalogue", entity_id=str(tenant.id), action="import",
                               actor_id=actor.id if actor else None, before=None,
                               after={"created": [r.code for r in result.rows if r.action == "create"],
                                      "updated": [r.code for r in result.rows if r.action == "update"]}))
    Session.flush()
    return result


def _safe_cell(value: str) -> str:
    """A cell a spreadsheet will show as text: a leading =, +, -, @ (a formula) behind an apostrophe."""
    return "'" + value if value and value[0] in FORMULA_START else value


def write_csv(rows: list[dict[str, str]]) -> bytes:
    """The CSV of these rows under every column, UTF-8 with a byte-order mark (so a spreadsheet
    reads the letters right), formula-like cells made text."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_safe_cell(row.get(column, "")) for column in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


TEMPLATE_ROWS = [{
    "code": "contoh_layanan", "name": "Contoh Layanan (hapus baris ini)", "unit": "Bidang Pelayanan",
    "time_norm": "3 hari kerja setelah berkas lengkap", "persyaratan": "1. Fotokopi KTP; 2. Fotokopi KK",
    "biaya_tarif": "Tanpa dipungut biaya", "produk_pelayanan": "Surat rekomendasi",
}]


def template_csv() -> bytes:
    return write_csv(TEMPLATE_ROWS)


def export_csv() -> bytes:
    """The catalogue in scope, as a file this module imports back unchanged."""
    rows = []
    for service in Session.scalars(select(ServiceType).where(ServiceType.active.is_(True)).order_by(ServiceType.code)):
        rows.append({"code": service.code, "name": service.name, "unit": service.unit or "",
                     "time_norm": service.time_norm_text, **(service.components or {})})
    return write_csv(rows)


def fingerprint(service: ServiceType) -> str:
    """The version an edit of the service must name (a form's hidden field): it moves whenever
    what the form shows of the service changes."""
    seen = [service.code, service.name, service.unit, service.time_norm_text, service.components or {}, bool(service.active)]
    return hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()[:16]
