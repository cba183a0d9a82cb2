"""The schemas of the decree routes: facts to compare, the decree matrix, side by side, replay."""

from __future__ import annotations

from marshmallow import Schema, fields, post_load

from core.http.schemas.calendar import Day
from core.decrees.facts import FactsSchema
from core.http.fields import one_of
from core.decrees.compose import PARTS
from marshmallow import validate

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


class ComparisonRequestSchema(FactsSchema):
    """The facts, and optionally the one question to line up across the decrees."""

    only = fields.String(load_default=None, allow_none=True, validate=one_of(PARTS),
                         metadata={"description": "classify, compensate or sanction: answer only that question"})

    @post_load
    def _make(self, data: dict, **kwargs) -> dict:
        only = data.pop("only")
        return {"facts": super()._make(data, **kwargs), "only": only}
