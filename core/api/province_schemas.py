"""The provincial view's API schemas: the period asked for and each agency's indicators; the
decree matrix, the side-by-side comparison and the what-if replay."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate

from core.http.schemas.calendar import Day
from core.decrees.facts import FactsSchema
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


DOWNLOAD_FORMATS = ("json", "csv", "xlsx")


def download_format() -> fields.String:
    """``format``: ``json`` (the default), or the table as a ``csv`` or ``xlsx`` download (the
    ``Accept`` header may ask for the same when no ``format`` is given)."""
    return fields.String(load_default=None, validate=validate.OneOf(DOWNLOAD_FORMATS, error="Must be one of: {choices}."),
                         metadata={"description": "json (default), csv or xlsx: the table as a download"})


class MatrixQuerySchema(Schema):
    on = Day(load_default=None, metadata={"description": "the day whose bound decrees are read (default: today)"})
    format = download_format()


class MatrixDecreeSchema(Schema):
    plugin = fields.String()
    number = fields.String()
    version = fields.String()
    title = fields.String()
    kind = fields.String(metadata={"description": "kompensasi, or standar_pelayanan (no compensation rule)"})
    jurisdiction = fields.String()


class ProvinceRefSchema(Schema):
    code = fields.String()
    name = fields.String()


class MatrixAgencySchema(Schema):
    tenant = fields.String()
    name = fields.String()
    decree = fields.Nested(MatrixDecreeSchema, allow_none=True)
    gap = fields.String(allow_none=True, metadata={"description": "no_decree or no_rule: the agency's gap, if any"})
    notes = fields.List(fields.String())


class MatrixItemSchema(Schema):
    code = fields.String()
    owed = fields.Boolean(metadata={"description": "false: owed only under a condition the notes name"})
    citation = fields.String()
    due_after_hours = fields.Float(allow_none=True, metadata={
        "description": "hours after the claim it is due (0: on the spot); null: the decree sets no deadline"})
    citations = fields.List(fields.String())
    notes = fields.List(fields.String())


class MatrixSanctionsSchema(Schema):
    required = fields.List(fields.String())
    choose_one_of = fields.List(fields.String())
    decided_by = fields.String(allow_none=True)
    citations = fields.List(fields.String())


class MatrixRuleSchema(Schema):
    situation = fields.String(metadata={"description": "the facts the decree was asked about"})
    basis = fields.String(allow_none=True, metadata={"description": "the table row the situation comes from"})
    forms = fields.List(fields.String())
    citations = fields.List(fields.String(), metadata={"description": "the classification's clauses"})
    compensations = fields.List(fields.Nested(MatrixItemSchema))
    compensation_rule = fields.Boolean(metadata={"description": "false: the decree sets no compensation rule"})
    sanctions = fields.Nested(MatrixSanctionsSchema, allow_none=True,
                              metadata={"description": "null: the decree sets no sanction rule"})
    notes = fields.List(fields.String())


class MatrixCellSchema(Schema):
    status = fields.String(metadata={"description": "covered, not_covered, not_graded, graded, needs_facts, "
                                                    "no_rule, no_decree (docs/province_decrees.md)"})
    rules = fields.List(fields.Nested(MatrixRuleSchema))
    notes = fields.List(fields.String())


class MatrixRowSchema(Schema):
    component = fields.String()
    category = fields.String(allow_none=True)
    cells = fields.List(fields.Nested(MatrixCellSchema), metadata={"description": "one per agency, in order"})


class DecreeMatrixSchema(Schema):
    province = fields.Nested(ProvinceRefSchema)
    on = fields.String()
    agencies = fields.List(fields.Nested(MatrixAgencySchema))
    rows = fields.List(fields.Nested(MatrixRowSchema))


# -- same case, every decree -------------------------------------------------------------------


class SideBySideRequestSchema(FactsSchema):
    """The facts; a province or platform admin may name one province (``province``)."""

    province = fields.String(load_default=None, allow_none=True, load_only=True)

    @post_load
    def _make(self, data, **kwargs):
        province = data.pop("province", None)
        return {"facts": super()._make(data, **kwargs), "province": province}


class ErrorPartSchema(Schema):
    code = fields.String()
    message = fields.String()
    fields_ = fields.Dict(data_key="fields", attribute="fields")


class SideColumnSchema(Schema):
    label = fields.String()
    tenant = fields.String(allow_none=True)
    decree = fields.Dict(allow_none=True)
    error = fields.Nested(ErrorPartSchema, allow_none=True)


class SideCellSchema(Schema):
    value = fields.Raw(allow_none=True, metadata={"description": "the answer, compared across columns"})
    differs = fields.Boolean(metadata={"description": "not the most common answer of its row"})
    items = fields.List(fields.Dict())
    required = fields.List(fields.String())
    choose_one_of = fields.List(fields.String())
    decided_by = fields.String(allow_none=True)
    citations = fields.List(fields.String())
    notes = fields.List(fields.String())


class SideRowSchema(Schema):
    question = fields.String(metadata={"description": "applies, category, compensation, due, sanction"})
    hook = fields.String(metadata={"description": "the hook that answers it: classify, compensate, sanction"})
    differs = fields.Boolean()
    cells = fields.List(fields.Nested(SideCellSchema, allow_none=True))


class SideBySideSchema(Schema):
    columns = fields.List(fields.Nested(SideColumnSchema))
    rows = fields.List(fields.Nested(SideRowSchema))


# -- what if the decree changed ----------------------------------------------------------------


class ReplayQuerySchema(Schema):
    period = fields.String(required=True, metadata={"description": "2024-06, 2024-Q2 or 2024"})
    decree = fields.String(required=True, metadata={"description": "the decree plugin to replay under"})
    format = download_format()


class ReplayItemSchema(Schema):
    code = fields.String()
    due_at = fields.String(allow_none=True)
    citation = fields.String(allow_none=True)


class OutcomeSchema(Schema):
    decree = fields.String()
    applies = fields.Boolean()
    category = fields.String(allow_none=True)
    compensations = fields.List(fields.Nested(ReplayItemSchema))
    sanctions = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    citations = fields.List(fields.String())


class ReplayCaseSchema(Schema):
    tracking_code = fields.String()
    changed = fields.List(fields.String(), metadata={"description": "applies, category, compensations, sanctions, deadlines"})
    judged = fields.Boolean(metadata={"description": "false: the decree cannot judge the recorded facts (fields says why)"})
    overridden = fields.Boolean(metadata={"description": "the head overrode the recorded decision"})
    before = fields.Nested(OutcomeSchema, allow_none=True, metadata={"description": "null for those who read only totals"})
    after = fields.Nested(OutcomeSchema, allow_none=True)
    fields_ = fields.Dict(data_key="fields", attribute="fields")


class ReplayPeriodSchema(Schema):
    label = fields.String()
    first = fields.String()
    following = fields.String()


class ReplayDecreeSchema(Schema):
    plugin = fields.String()
    number = fields.String()
    version = fields.String()
    title = fields.String()
    draft = fields.Boolean()


class ReplaySchema(Schema):
    tenant = fields.String()
    period = fields.Nested(ReplayPeriodSchema)
    decree = fields.Nested(ReplayDecreeSchema)
    totals = fields.Dict(metadata={"description": "cases, changed, not_judged, undecided, changed_by_aspect, and "
                                                  "before/after counts of applies, categories, compensations, "
                                                  "sanctions and deadlines"})
    cases = fields.List(fields.Nested(ReplayCaseSchema), metadata={"description": "the cases that would change"})


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
