"""The decision contract's JSON, as marshmallow schemas: the one serialisation of a decision,
used by ``Decision.to_dict`` (the CLI, stored case decisions) and by the API alike."""

from __future__ import annotations

from marshmallow import Schema, fields


class DecreeRefSchema(Schema):
    plugin = fields.String()
    number = fields.String()
    version = fields.String()


class CompensationSchema(Schema):
    code = fields.String()
    due_at = fields.DateTime(allow_none=True)
    citation = fields.String()


class CompensationDetailSchema(CompensationSchema):
    """A compensation with what governs it: the ``compensate`` answer on its own, as the JSON
    document a comparison already is (``due_at`` an ISO 8601 string)."""

    due_at = fields.String(allow_none=True)
    owed = fields.Boolean(metadata={"description": "false for an item whose condition is not met"})
    citations = fields.List(fields.String(), metadata={"description": "the clauses that govern it"})
    notes = fields.List(fields.String())


class SanctionsSchema(Schema):
    required = fields.List(fields.String())
    choose_one_of = fields.List(fields.String())


class SanctionDetailSchema(SanctionsSchema):
    """A sanction ruling with who decides and why: the ``sanction`` answer on its own."""

    decided_by = fields.String(allow_none=True)
    citations = fields.List(fields.String())
    notes = fields.List(fields.String())


class DecisionSchema(Schema):
    decree = fields.Nested(DecreeRefSchema)
    applies = fields.Boolean()
    severity = fields.String(allow_none=True)
    compensations = fields.List(fields.Nested(CompensationSchema))
    sanctions = fields.Nested(SanctionsSchema)
    citations = fields.List(fields.String())
    notes = fields.List(fields.String())


class ViolationSchema(Schema):
    form = fields.String()
    severity = fields.String(allow_none=True)
    citation = fields.String()
    cause = fields.String(allow_none=True)


class LatenessSchema(Schema):
    days = fields.Float()
    working = fields.Boolean()
    source = fields.String()
    deadline = fields.String(allow_none=True)
    stopped_since = fields.String(allow_none=True)


class ComparisonSchema(DecisionSchema):
    """One decree's answer in a comparison (a JSON document: ``core.decrees.compare`` builds it
    once, for the CLI, the page and the API): its decision, or with ``only`` one question's answer
    (``classify`` adds component, violations and lateness; ``compensate`` and ``sanction`` give
    the detail); ``error`` when the facts do not suffice for that decree."""

    compensations = fields.List(fields.Nested(CompensationDetailSchema))
    sanctions = fields.Nested(SanctionDetailSchema)
    component = fields.String()
    violations = fields.List(fields.Nested(ViolationSchema))
    lateness = fields.Nested(LatenessSchema, allow_none=True)
    error = fields.Dict()


DECISION = DecisionSchema()
