"""The catalogue's service type, read from the API's JSON and the tenant admin's form alike."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates

from core import vocabulary
from core.http.fields import one_of
from core.platform.clean_input import CleanSchema
from core.timekeeping.norms import TimeNormError, parse_time_norm


class ServiceTypeSchema(CleanSchema):
    id = fields.UUID(dump_only=True)
    code = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]{1,64}$", error="Use 1–64 lowercase letters, digits or _."))
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    unit = fields.String(load_default="", validate=validate.Length(max=200))
    components = fields.Dict(keys=fields.String(validate=one_of(vocabulary.STANDARD_COMPONENTS)), load_default=dict)
    time_norm = fields.String(required=True, attribute="time_norm_text", validate=validate.Length(min=1, max=500))
    norm = fields.Method("_norm", dump_only=True)
    source = fields.String(dump_only=True)
    active = fields.Boolean(load_default=True)

    @validates("time_norm")
    def _parses(self, value: str, **_kwargs) -> None:
        try:
            parse_time_norm(value)
        except TimeNormError as exc:
            raise ValidationError(str(exc)) from None

    def _norm(self, obj) -> dict:
        return {
            "minimum": obj.norm_min, "maximum": obj.norm_max, "unit": obj.norm_unit,
            "working": obj.norm_working, "clock_starts": obj.norm_clock_starts,
            "working_hours": obj.norm_working_hours,
        }
