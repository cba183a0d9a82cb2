"""The provincial view's API schemas: the period asked for, and each agency's indicators."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load

from core.domain_errors import Invalid
from core.periods import parse_period


class PeriodQuerySchema(Schema):
    """``?period=2024-06`` (a month), ``2024-Q2`` (a quarter) or ``2024`` (a year)."""

    class Meta:
        unknown = EXCLUDE

    period = fields.String(required=True, metadata={"description": "YYYY-MM, YYYY-Qn or YYYY", "example": "2024-Q2"})

    @post_load
    def _parse(self, data, **_):
        try:
            return {"period": parse_period(data["period"])}
        except Invalid as exc:
            raise ValidationError(exc.fields["period"], "period") from None


class OffenderSchema(Schema):
    officer = fields.String(metadata={"description": "the name, or 'Petugas n' for those not allowed to see names"})
    upheld = fields.Integer()


class AgencyIndicatorsSchema(Schema):
    slug = fields.String()
    name = fields.String()
    decree = fields.String(allow_none=True, metadata={"description": "the decree bound at the period's end"})
    compensation_decree = fields.Boolean(metadata={"description": "false: the decree sets no compensation (a gap)"})
    served = fields.Integer()
    share_on_time = fields.Float(allow_none=True)
    response_median_hours = fields.Integer(allow_none=True)
    completion_median_hours = fields.Integer(allow_none=True)
    breaches = fields.Integer()
    breaches_per_1000 = fields.Float(allow_none=True)
    breaches_per_1000_by_component = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))
    breaches_per_1000_by_category = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))
    complaints = fields.Integer()
    share_upheld = fields.Float(allow_none=True)
    compensation_median_hours = fields.Integer(allow_none=True)
    compensation_p90_hours = fields.Integer(allow_none=True)
    share_compensation_on_time = fields.Float(allow_none=True)
    sanctions = fields.Dict(keys=fields.String(), values=fields.Integer())
    overrides = fields.Integer()
    maladministration = fields.Dict(keys=fields.String(), values=fields.Integer())
    repeat_offenders = fields.List(fields.Nested(OffenderSchema))
    open_overdue = fields.Integer(allow_none=True)
    open_overdue_on = fields.Date(allow_none=True)
    score = fields.Float(allow_none=True)
    zone = fields.String(allow_none=True, metadata={"description": "hijau (81–100), kuning (51–80.99), merah (0–50.99)"})
    rankable = fields.Boolean(metadata={"description": "false: too few requests served to rank"})
    rank = fields.Integer(allow_none=True)


class ProvinceIndicatorsSchema(Schema):
    code = fields.String()
    name = fields.String()
    period = fields.String()
    minimum_requests = fields.Integer()
    formulas = fields.Dict(keys=fields.String(), values=fields.String())
    agencies = fields.List(fields.Nested(AgencyIndicatorsSchema))
