"""Dumping a page of rows through its marshmallow schema, without marshmallow's per-field machinery.

``Schema.dump`` spends most of a 100-row page in generic dispatch (accessor lookups, per-field
wrappers) around what is, for most fields, ``getattr`` and ``str``. :func:`fast_dump` plans each
field once per schema: plain fields (string, integer, boolean, UUID) read the attribute directly,
every other field (dates in the agency's zone, masked identities, methods, nested, dotted
attributes) still goes through its own ``serialize``. The output is the schema's own, to the key;
``tests/test_request_path.py`` checks that on every listing schema. Schemas with dump hooks are
dumped by marshmallow itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from marshmallow import Schema, fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP

_PLAIN: dict[type, Callable[[Any], Any]] = {
    fields.String: str,
    fields.Integer: int,
    fields.UUID: str,
}
_MISSING = object()


def _plan(schema: Schema) -> list[tuple[str, Callable[[Any], Any]]] | None:
    if schema._hooks[PRE_DUMP] or schema._hooks[POST_DUMP]:
        return None
    plan = []
    for name, field in schema.dump_fields.items():
        key = field.data_key if field.data_key is not None else name
        attribute = field.attribute or name
        plain = _PLAIN.get(type(field))
        if type(field) is fields.Boolean:
            plain = _boolean(field)
        prepare = getattr(field, "prepare_dump", None)
        if prepare is not None and "." not in attribute and field.dump_default is missing and prepare() is not None:
            plan.append((key, _prepared(attribute, prepare)))
        elif plain is not None and "." not in attribute and field.dump_default is missing:
            plan.append((key, _direct(attribute, plain)))
        else:
            plan.append((key, _through_field(name, field, schema)))
    return plan


def _direct(attribute: str, convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def read(obj: Any) -> Any:
        value = getattr(obj, attribute, _MISSING)
        if value is _MISSING:
            return _MISSING
        return None if value is None else convert(value)

    return read


class _prepared:
    """A field whose conversion depends on the request (a zone): prepared once per page."""

    def __init__(self, attribute: str, prepare: Callable[[], Callable[[Any], Any]]):
        self.attribute, self.prepare, self.convert = attribute, prepare, None

    def __call__(self, obj: Any) -> Any:
        value = getattr(obj, self.attribute, _MISSING)
        if value is _MISSING or value is None:
            return value
        return self.convert(value)


def _boolean(field: fields.Boolean) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        return field._serialize(value, None, None)

    return convert


def _through_field(name: str, field: fields.Field, schema: Schema) -> Callable[[Any], Any]:
    def read(obj: Any) -> Any:
        value = field.serialize(name, obj, accessor=schema.get_attribute)
        return _MISSING if value is missing else value

    return read


def fast_dump(schema: Schema, rows: Iterable[Any]) -> list[dict[str, Any]] | None:
    """The rows as ``schema.dump(rows, many=True)`` would answer them; None where only marshmallow
    itself can (a schema with dump hooks, rows that are mappings)."""
    plan = schema.__dict__.get("_listing_plan", _MISSING)
    if plan is _MISSING:
        plan = schema._listing_plan = _plan(schema)
    rows = list(rows)
    if plan is None or any(isinstance(row, Mapping) for row in rows):
        return None
    for _key, read in plan:
        if isinstance(read, _prepared):
            read.convert = read.prepare()
    dumped = []
    for row in rows:
        item = {}
        for key, read in plan:
            value = read(row)
            if value is not _MISSING:
                item[key] = value
        dumped.append(item)
    return dumped


def compile_listing(schema: Schema) -> Schema:
    """The same schema instance, its ``dump`` of many rows planned once (single rows unchanged)."""
    dump = schema.dump

    def planned_dump(obj: Any, *, many: bool | None = None) -> Any:
        if (many if many is not None else schema.many) and obj is not None:
            dumped = fast_dump(schema, obj)
            if dumped is not None:
                return dumped
        return dump(obj, many=many)

    schema.dump = planned_dump
    return schema
