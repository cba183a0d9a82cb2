"""``tenants/*.toml``: one file per agency, loaded idempotently by ``flask tenants sync``.

Every file is read and checked before anything is written: a malformed file
gets an error naming the file and the field, and the database is left as it was.
A tenant is only bound to a decree whose own legal examples pass.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema
from sqlalchemy import select

from core import vocabulary
from core.platform.clean_input import CleanSchema
from core.agency.catalogue import apply_norm
from core.platform.db import Session
from core.platform.domain_errors import Invalid
from core.agency.letter_numbers import NumberFormatError, check_format
from core.decrees.examples import run_examples
from core.decrees.facts import flatten_errors
from core.agency.deadlines import recompute_open_deadlines
from core.decrees.registry import DecreeRegistry
from core.models import DayOff, ServiceType, Tenant, TenantDecree
from core.models.scope import all_tenants, tenant_scope
from core.timekeeping.norms import TimeNormError, parse_time_norm

HHMM = validate.Regexp(r"^([01]\d|2[0-3])[:.][0-5]\d$", error="Use HH:MM.")


class TenantFileError(Invalid):
    """A tenant file that cannot be loaded, field by field; nothing was changed."""

    def __init__(self, path: Path, field_errors: dict[str, list[str]]):
        detail = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in sorted(field_errors.items()))
        super().__init__(f"{path.name}: {detail}", field_errors)
        self.path = path
        self.field_errors = field_errors


class BindingSchema(Schema):
    plugin = fields.String(required=True)
    effective_from = fields.Date(required=True)
    effective_until = fields.Date(load_default=None, allow_none=True)
    settings = fields.Dict(load_default=dict)


class ServiceSchema(Schema):
    code = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]{1,64}$"))
    name = fields.String(required=True)
    unit = fields.String(load_default="")
    time_norm = fields.String(required=True)


class DayOffSchema(Schema):
    day = fields.Date(required=True)
    name = fields.String(required=True)


class TenantFileSchema(CleanSchema):
    slug = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9-]{2,64}$"))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    level = fields.String(required=True, validate=validate.OneOf(vocabulary.TENANT_LEVELS))
    province_code = fields.String(required=True, validate=validate.Regexp(r"^\d{2}$", error="Use the 2-digit BPS code."))
    province_name = fields.String(required=True)
    timezone = fields.String(load_default="Asia/Jakarta", validate=validate.OneOf(("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")))
    working_days = fields.List(fields.Integer(validate=validate.Range(0, 6)), load_default=lambda: [0, 1, 2, 3, 4])
    working_periods = fields.List(
        fields.List(fields.String(validate=HHMM), validate=validate.Length(equal=2)),
        load_default=lambda: [["07:30", "12:00"], ["13:00", "16:00"]],
    )
    parent = fields.String(load_default=None, allow_none=True)
    letterhead = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
    decrees = fields.List(fields.Nested(BindingSchema), required=True, validate=validate.Length(min=1))
    catalogue_from = fields.String(load_default=None, allow_none=True)
    services = fields.List(fields.Nested(ServiceSchema), load_default=list)
    days_off = fields.List(fields.Nested(DayOffSchema), load_default=list)
    warning_share = fields.Float(
        load_default=0.8, allow_nan=False,
        validate=validate.Range(min=0, max=1, min_inclusive=False, max_inclusive=False,
                                error="Give a share of the norm between 0 and 1 (0.8: warn at 80%)."),
    )

    @validates("letterhead")
    def _letter_number_format(self, letterhead: dict[str, str], **_: Any) -> None:
        """``letter_number`` (optional) is a letter number format ``core/agency/letter_numbers.py`` reads."""
        if "letter_number" in letterhead:
            try:
                check_format(letterhead["letter_number"])
            except NumberFormatError as exc:
                raise ValidationError({"letter_number": [str(exc)]}) from None

    @validates_schema
    def _bindings_do_not_overlap(self, data: dict[str, Any], **_: Any) -> None:
        bindings = sorted(data.get("decrees", []), key=lambda b: b["effective_from"])
        for earlier, later in zip(bindings, bindings[1:]):
            if earlier["effective_until"] is None or earlier["effective_until"] > later["effective_from"]:
                raise ValidationError(
                    f"{earlier['plugin']} must end (effective_until) by {later['effective_from']} when {later['plugin']} takes over",
                    "decrees",
                )


@dataclass
class TenantFile:
    path: Path
    data: dict[str, Any]
    digest: str


@dataclass
class SyncReport:
    lines: list[str] = field(default_factory=list)


def _digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def read_file(path: Path, registry: DecreeRegistry) -> TenantFile:
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise TenantFileError(path, {"_file": [f"not valid TOML: {exc}"]}) from None
    try:
        data = TenantFileSchema().load(raw)
    except ValidationError as exc:
        raise TenantFileError(path, flatten_errors(exc.messages)) from None
    if data["slug"] != path.stem:
        raise TenantFileError(path, {"slug": [f"must equal the file name {path.stem!r}"]})
    problems: dict[str, list[str]] = {}
    for index, binding in enumerate(data["decrees"]):
        if binding["plugin"] in registry.broken:
            problems[f"decrees.{index}.plugin"] = [f"decree plugin {binding['plugin']!r} is broken: {registry.broken[binding['plugin']]}"]
            continue
        if binding["plugin"] not in registry.names():
            problems[f"decrees.{index}.plugin"] = [f"no installed decree plugin {binding['plugin']!r}"]
            continue
        if registry.info(binding["plugin"]).draft:
            problems[f"decrees.{index}.plugin"] = [f"{binding['plugin']!r} is a draft decree: it is replayed, never bound"]
            continue
        failures = run_examples(registry, binding["plugin"])
        if failures:
            problems[f"decrees.{index}.plugin"] = [f"refused: its own examples fail: {failures[0]}"]
    if data["catalogue_from"] and data["catalogue_from"] not in registry.names():
        problems["catalogue_from"] = [f"no installed decree plugin {data['catalogue_from']!r}"]
    for index, service in enumerate(data["services"]):
        try:
            parse_time_norm(service["time_norm"])
        except TimeNormError as exc:
            problems[f"services.{index}.time_norm"] = [str(exc)]
    if problems:
        raise TenantFileError(path, problems)
    return TenantFile(path, data, _digest(raw))


def read_directory(directory: Path, registry: DecreeRegistry) -> list[TenantFile]:
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise FileNotFoundError(f"no tenant files (*.toml) in {directory}")
    return [read_file(path, registry) for path in files]


def _services(tenant_file: TenantFile, registry: DecreeRegistry) -> list[dict[str, Any]]:
    services = []
    if tenant_file.data["catalogue_from"]:
        for row in registry.service_catalogue(tenant_file.data["catalogue_from"]):
            services.append({
                "code": row["code"], "name": row["name"], "unit": row.get("unit", ""),
                "time_norm": row["time_norm"], "components": row.get("components", {}),
                "source": tenant_file.data["catalogue_from"],
            })
    for row in tenant_file.data["services"]:
        services.append({**row, "components": {}, "source": tenant_file.path.name})
    return services


def _columns(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"], "level": data["level"], "province_code": data["province_code"],
        "province_name": data["province_name"], "timezone": data["timezone"],
        "working_days": data["working_days"],
        "working_periods": [[a.replace(".", ":"), b.replace(".", ":")] for a, b in data["working_periods"]],
        "letterhead": data["letterhead"],
        "warning_share": data["warning_share"],
    }


def drift(tenant_file: TenantFile, tenant: Tenant, registry: DecreeRegistry) -> list[str]:
    """What the file declares that the database no longer holds (changed through the API or by
    hand since the file was last applied). Services the database has beyond the file are not
    drift: a sync never removes them."""
    data = tenant_file.data
    found = [f"{key} differs" for key, value in _columns(data).items() if getattr(tenant, key) != value]
    with tenant_scope(tenant.id):
        bindings = {(b.plugin, b.effective_from): (b.effective_until, b.settings) for b in Session.scalars(select(TenantDecree))}
        stored = {st.code: st for st in Session.scalars(select(ServiceType))}
        days = {d.day for d in Session.scalars(select(DayOff))}
    wanted = {(b["plugin"], b["effective_from"]): (b["effective_until"], b["settings"]) for b in data["decrees"]}
    if bindings != wanted:
        found.append("decree bindings differ")
    for row in _services(tenant_file, registry):
        service = stored.get(row["code"])
        if service is None:
            found.append(f"service {row['code']} is missing")
        elif (service.name, service.unit, service.time_norm_text, service.components, service.active) != (
                row["name"], row["unit"], row["time_norm"], row["components"], True):
            found.append(f"service {row['code']} was changed")
    found += [f"day off {row['day']} is missing" for row in data["days_off"] if row["day"] not in days]
    return found


def _apply(tenant_file: TenantFile, registry: DecreeRegistry, report: SyncReport, force: bool = False) -> None:
    data = tenant_file.data
    tenant = Session.scalar(select(Tenant).where(Tenant.slug == data["slug"]))
    if tenant is not None and tenant.config_digest == tenant_file.digest:
        differences = drift(tenant_file, tenant, registry)
        if not differences:
            report.lines.append(f"{data['slug']}: unchanged")
            return
        if not force:
            report.lines.append(f"{data['slug']}: drift since the file was applied ({'; '.join(differences)}); "
                                "the file was not applied again: run with --force to make the database match it")
            return
    columns = _columns(data)
    if data["parent"]:
        parent = Session.scalar(select(Tenant).where(Tenant.slug == data["parent"]))
        columns["parent_id"] = parent.id if parent else None
    if tenant is None:
        tenant = Tenant(slug=data["slug"], **columns)
        Session.add(tenant)
        Session.flush()
        changes = ["created"]
    else:
        changes = [key for key, value in columns.items() if getattr(tenant, key) != value]
        for key, value in columns.items():
            setattr(tenant, key, value)
    tenant.config_digest = tenant_file.digest
    with tenant_scope(tenant.id):
        existing = {(b.plugin, b.effective_from): b for b in Session.scalars(select(TenantDecree))}
        wanted = {(b["plugin"], b["effective_from"]): b for b in data["decrees"]}
        for key, binding in wanted.items():
            row = existing.pop(key, None)
            if row is None:
                Session.add(TenantDecree(tenant_id=tenant.id, **binding))
                changes.append(f"bound {binding['plugin']} from {binding['effective_from']}")
            elif (row.effective_until, row.settings) != (binding["effective_until"], binding["settings"]):
                row.effective_until, row.settings = binding["effective_until"], binding["settings"]
                changes.append(f"changed binding {binding['plugin']}")
        for row in existing.values():
            Session.delete(row)
            changes.append(f"unbound {row.plugin} from {row.effective_from}")
        services = {st.code: st for st in Session.scalars(select(ServiceType))}
        for row in _services(tenant_file, registry):
            service = services.get(row["code"])
            if service is None:
                service = ServiceType(tenant_id=tenant.id, code=row["code"])
                Session.add(service)
                changes.append(f"added service {row['code']}")
            elif (service.name, service.time_norm_text, service.components) != (row["name"], row["time_norm"], row["components"]):
                changes.append(f"updated service {row['code']}")
            service.name, service.unit, service.components, service.source = row["name"], row["unit"], row["components"], row["source"]
            apply_norm(service, row["time_norm"])
        days = {d.day: d for d in Session.scalars(select(DayOff))}
        for row in data["days_off"]:
            if row["day"] not in days:
                Session.add(DayOff(tenant_id=tenant.id, day=row["day"], name=row["name"]))
                changes.append(f"added day off {row['day']}")
        if changes and changes != ["created"]:
            # a norm, a day off, the working hours or the decree may have moved: the open
            # requests' deadlines follow, as they do after a change through the API
            moved = recompute_open_deadlines(registry, tenant)
            if moved:
                changes.append(f"{moved} open deadline(s) recomputed")
    report.lines.append(f"{data['slug']}: " + (", ".join(changes) if changes else "no field changed"))


def sync(directory: Path, registry: DecreeRegistry, force: bool = False) -> SyncReport:
    """Read every file, then write them all in one transaction, or nothing. A file unchanged since
    it was applied is not applied again over changes made since (they are reported as drift),
    unless ``force``."""
    tenant_files = read_directory(directory, registry)
    report = SyncReport()
    with all_tenants():
        try:
            for tenant_file in sorted(tenant_files, key=lambda f: f.data["level"] != "provinsi"):
                _apply(tenant_file, registry, report, force)
            Session.commit()
        except Exception:
            Session.rollback()
            raise
    return report
