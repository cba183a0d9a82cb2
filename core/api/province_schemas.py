"""The provincial view's API schemas: the period asked for, each agency's indicators, the rows
behind a figure."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate

from core.platform.domain_errors import Invalid
from core.province.figure_cases import FIGURES, KEY_LENGTH
from core.province.periods import parse_period


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


# -- the decree matrix ------------------------------------------------------------------------


# -- same case, every decree -------------------------------------------------------------------


# -- what if the decree changed ----------------------------------------------------------------


class FigureQuerySchema(PeriodQuerySchema):
    """``?period=…&figure=…&key=…``: which figure's rows (``key``: the component, category,
    label, sanction code or officer the figure is keyed by)."""

    figure = fields.String(required=True, validate=validate.OneOf(FIGURES),
                           metadata={"description": "the figure whose cases or requests to list"})
    key = fields.String(load_default="", validate=validate.Length(max=KEY_LENGTH))

    @post_load
    def _parse(self, data, **_):
        return {**super()._parse({"period": data["period"]}), "figure": data["figure"], "key": data["key"]}


class CaseBehindSchema(Schema):
    """A case behind a figure: when, how, where it stands; never who complained nor what they wrote."""
    id = fields.UUID()
    received_at = fields.DateTime()
    origin = fields.String()
    component = fields.String(allow_none=True)
    status = fields.String()
    assessment = fields.String(allow_none=True)
    maladministration = fields.String(allow_none=True)


class RequestBehindSchema(Schema):
    """A request behind a figure: its number and clock; never the applicant."""
    id = fields.UUID()
    reference = fields.String()
    received_at = fields.DateTime()
    due_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
    status = fields.String()


class BehindSchema(Schema):
    figure = fields.String()
    key = fields.String()
    period = fields.String()
    limit = fields.Integer(metadata={"description": "at most this many rows of each kind, newest first"})
    cases = fields.List(fields.Nested(CaseBehindSchema), metadata={"description": "absent for request figures"})
    requests = fields.List(fields.Nested(RequestBehindSchema), metadata={"description": "for request figures"})
