"""Reading facts from JSON: the one marshmallow schema every entry point uses.

A field that cannot be read is an error naming it; nothing is guessed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from core import vocabulary
from core.platform.clean_input import CleanSchema
from core.timekeeping import clock
from core.decrees.contract import Facts, ServiceRequestFacts


EARLIEST, LATEST = 1970, 2199
MAX_LATENESS_DAYS = 36_500.0


class AwareDateTime(fields.AwareDateTime):
    """ISO 8601 with an explicit offset: a clock without a zone is a guess. Years outside
    1970-2199 are refused: no service is judged there, and the calendar's arithmetic (decades
    of working days, holiday lists) must not run off the edge of the date range."""

    default_error_messages = {
        "invalid": "Not a valid ISO 8601 datetime.",
        "invalid_awareness": "Give the time zone offset, e.g. 2024-03-05T10:00:00+07:00.",
        "out_of_range": f"Give a time between the years {EARLIEST} and {LATEST}.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST <= moment.year <= LATEST:
            raise self.make_error("out_of_range")
        return moment


def _one_of(codes: tuple[str, ...]) -> validate.OneOf:
    return validate.OneOf(codes, error="Must be one of: {choices}.")


class ServiceRequestFactsSchema(Schema):
    service = fields.String(load_default=None, allow_none=True)
    received_at = AwareDateTime(load_default=None, allow_none=True)
    documents_complete_at = AwareDateTime(load_default=None, allow_none=True)
    completed_at = AwareDateTime(load_default=None, allow_none=True)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        received, complete, done = data.get("received_at"), data.get("documents_complete_at"), data.get("completed_at")
        if received and complete and complete < received:
            raise ValidationError("must not precede received_at", "documents_complete_at")
        start = complete or received
        if start and done and done < start:
            raise ValidationError("must not precede the start of the request", "completed_at")

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> ServiceRequestFacts:
        return ServiceRequestFacts(**data)


class FactsSchema(CleanSchema):
    occurred_at = AwareDateTime(load_default=None, allow_none=True)
    channel = fields.String(load_default=None, allow_none=True, validate=_one_of(vocabulary.CHANNELS))
    component = fields.String(required=True, validate=_one_of(vocabulary.COMPONENTS))
    lateness_days = fields.Float(
        load_default=None, allow_none=True, allow_nan=False,
        validate=validate.Range(min=0, max=MAX_LATENESS_DAYS, error="Give days between {min:g} and {max:g}."),
    )
    service_request = fields.Nested(ServiceRequestFactsSchema, load_default=None, allow_none=True)
    conduct = fields.String(load_default=None, allow_none=True, validate=_one_of(vocabulary.CONDUCTS))
    disruption = fields.String(load_default=None, allow_none=True, validate=_one_of(vocabulary.DISRUPTIONS))
    user_in_jurisdiction = fields.Boolean(load_default=None, allow_none=True)
    complaint_received_at = AwareDateTime(
        load_default=None, allow_none=True,
        metadata={"description": "when the agency received the complaint (not when the incident occurred)"},
    )

    def __init__(self, *, now: datetime | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self._now = now

    @validates_schema
    def _complaint_follows_the_incident(self, data: dict[str, Any], **_: Any) -> None:
        received = data.get("complaint_received_at")
        if received is None:
            return
        if data.get("channel") is None:
            raise ValidationError("a complaint's receipt needs its channel (lisan or tertulis)", "complaint_received_at")
        if data.get("occurred_at") is not None and received < data["occurred_at"]:
            raise ValidationError("must not precede occurred_at: a complaint follows the incident", "complaint_received_at")

    @post_load
    def _make(self, data: dict[str, Any], **_: Any) -> Facts:
        if data["occurred_at"] is None:
            data["occurred_at"] = data["complaint_received_at"] or self._now or clock.now()
        return Facts(**data)


FACTS = FactsSchema()  # built once: a schema holds no state between loads


def load_facts(payload: Any, *, now: datetime | None = None) -> Facts:
    """Facts from decoded JSON; raises marshmallow's ValidationError naming each bad field."""
    if not isinstance(payload, dict):
        raise ValidationError({"_schema": ["Facts must be a JSON object."]})
    return (FACTS if now is None else FactsSchema(now=now)).load(payload)


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"service_request.completed_at": [...]}``."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix and key != "_schema" else (prefix or str(key))
            if isinstance(value, dict):
                flat.update(flatten_errors(value, name))
            else:
                flat.setdefault(name, []).extend(value if isinstance(value, list) else [str(value)])
    elif isinstance(messages, list):
        flat.setdefault(prefix or "_schema", []).extend(str(m) for m in messages)
    return flat
