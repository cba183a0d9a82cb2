"""The schemas of the calendar (days off, keadaan kahar, holidays) and of request pauses."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from core import vocabulary
from core.http.fields import LocalDateTime, one_of
from core.platform.clean_input import CleanSchema
from core.decrees.facts import EARLIEST, LATEST


def _label(attribute: str):
    return fields.Function(lambda obj: vocabulary.LABELS[getattr(obj, attribute)], dump_only=True)


class Day(fields.Date):
    """A calendar date within the years the platform judges."""

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST <= day.year <= LATEST:
            raise ValidationError(f"Give a date between the years {EARLIEST} and {LATEST}.")
        return day


class HolidayQuerySchema(Schema):
    year = fields.Integer(load_default=None, validate=validate.Range(EARLIEST, LATEST),
                          metadata={"description": "the year to list (default: this year)"})


class HolidaySchema(Schema):
    day = fields.Date(dump_only=True)
    name = fields.String(dump_only=True)
    source = fields.String(dump_only=True, metadata={"description": "libur_nasional, cuti_bersama or libur_dinas"})
    source_label = _label("source")
    estimated = fields.Boolean(dump_only=True, metadata={"description": "a date the holiday list only estimates"})


class DayOffSchema(CleanSchema):
    id = fields.UUID(dump_only=True)
    day = Day(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class KaharSchema(CleanSchema):
    """A keadaan kahar: ``ends_at`` null while it lasts (end it later with PATCH)."""

    id = fields.UUID(dump_only=True)
    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime(load_default=None, allow_none=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    declared_by = fields.Integer(dump_only=True, allow_none=True)
    declared_at = LocalDateTime(dump_only=True, allow_none=True)
    ended_by = fields.Integer(dump_only=True, allow_none=True)

    @validates_schema
    def _ends_after_start(self, data, **_kwargs) -> None:
        if data.get("ends_at") is not None and data.get("starts_at") is not None and not data["ends_at"] > data["starts_at"]:
            raise ValidationError("must be later than starts_at", "ends_at")


class KaharEndSchema(CleanSchema):
    """The end of a keadaan kahar declared open-ended."""

    ends_at = LocalDateTime(required=True)


class PauseRequestSchema(CleanSchema):
    reason = fields.String(required=True, validate=one_of(vocabulary.PAUSE_REASONS),
                           metadata={"description": "why the clock stops: " + ", ".join(vocabulary.PAUSE_REASONS)})


class RequestPauseSchema(Schema):
    id = fields.UUID(dump_only=True)
    reason = fields.String(dump_only=True)
    reason_label = _label("reason")
    started_at = LocalDateTime(dump_only=True)
    started_by = fields.Integer(dump_only=True, allow_none=True)
    ended_at = LocalDateTime(dump_only=True, allow_none=True)
    ended_by = fields.Integer(dump_only=True, allow_none=True)
