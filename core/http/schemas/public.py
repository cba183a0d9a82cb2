"""The public complaint page's inputs and outputs (no account), for the JSON API and the page
alike: one schema reads a complaint from either, with its messages in Bahasa Indonesia (the
page translates them for the English switch)."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates

from core import vocabulary
from core.http.fields import LocalDateTime
from core.platform.clean_input import CleanSchema
from core.casework.tracking import display_code
from core.citizen.view import status_label

REQUIRED = {"required": "Wajib diisi.", "null": "Wajib diisi."}
NIK = re.compile(r"^\d{16}$")


def _text(max_length: int, *, required: bool = True, min_length: int = 1) -> fields.String:
    length = validate.Length(min=min_length if required else 0, max=max_length,
                             error=f"Isi antara {min_length if required else 0} dan {max_length} karakter.")
    if required:
        return fields.String(required=True, validate=length, error_messages={**REQUIRED, "invalid": "Isi dengan teks."})
    return fields.String(load_default="", validate=length, error_messages={"invalid": "Isi dengan teks."})


def _choice(codes, *, required: bool = True) -> fields.String:
    choice = validate.OneOf(codes, error="Pilih salah satu dari daftar.")
    if required:
        return fields.String(required=True, validate=choice, error_messages={**REQUIRED, "invalid": "Pilih dari daftar."})
    return fields.String(load_default=None, allow_none=True, validate=choice,
                         error_messages={"invalid": "Pilih dari daftar."})


def _flag() -> fields.Boolean:
    return fields.Boolean(load_default=False, error_messages={"invalid": "Isi dengan ya atau tidak."})


class PublicComplaintSchema(CleanSchema):
    """A written complaint (UU 25/2009 Pasal 40–42): who, which service and component, what
    happened and what loss followed, the remedy asked, when and where."""

    complainant_name = _text(200)
    complainant_address = _text(300)
    complainant_contact = _text(200)
    complainant_nik = fields.String(required=True, error_messages={**REQUIRED, "invalid": "Isi dengan angka."},
                                    metadata={"description": "Nomor Induk Kependudukan, 16 digits; stored encrypted"})
    anonymous = _flag()
    confidential = _flag()
    service = fields.String(required=True, validate=validate.Length(max=64, error="Pilih layanan dari daftar."),
                            error_messages=REQUIRED, metadata={"description": "code of one of the agency's services"})
    component = _choice(vocabulary.COMPONENTS)
    conduct = _choice(vocabulary.CONDUCTS, required=False)
    description = _text(10000, min_length=10)
    loss_description = _text(5000)
    remedy_requested = _text(5000)
    occurred_at = LocalDateTime(required=True, error_messages={
        **REQUIRED, "invalid": "Isi tanggal dan jam yang valid.",
        "invalid_awareness": "Sertakan zona waktu, mis. 2024-03-05T10:00:00+07:00.",
        "out_of_range": "Isi tanggal antara tahun 1970 dan 2199."})
    place = _text(300)
    request_reference = _text(64, required=False)

    @pre_load
    def _trimmed(self, data: Any, **_: Any) -> Any:
        """Surrounding spaces are no content, and an empty field is a field not filled in."""
        if not isinstance(data, dict):
            return data
        data = {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}
        return {key: value for key, value in data.items() if value != ""}

    @validates("complainant_nik")
    def _nik(self, value: str, **_: Any) -> None:
        if not NIK.match(value):
            raise ValidationError("NIK terdiri atas 16 angka.")

    @validates("complainant_contact")
    def _reachable(self, value: str, **_: Any) -> None:
        if "@" not in value and len(re.sub(r"\D", "", value)) < 8:
            raise ValidationError("Isi nomor telepon (minimal 8 angka) atau alamat email.")


class FiledSchema(Schema):
    """What the citizen keeps after filing: the code to follow the case by."""

    tracking_code = fields.Function(lambda c: display_code(c.tracking_code))
    status = fields.String()
    received_at = LocalDateTime()


class StandardItemSchema(Schema):
    component = fields.String()
    label = fields.String()
    text = fields.String()


class PublicServiceSchema(Schema):
    code = fields.String()
    name = fields.String()
    unit = fields.String()
    time_norm = fields.String(attribute="time_norm_text")
    standard = fields.List(fields.Nested(StandardItemSchema))


class PublicAgencySchema(Schema):
    slug = fields.String()
    name = fields.String()
    timezone = fields.String()
    services = fields.List(fields.Nested(PublicServiceSchema))


class PublicCompensationSchema(Schema):
    code = fields.String()
    label = fields.Function(lambda c: vocabulary.LABELS.get(c["code"], c["code"]))
    citation = fields.String()
    due_at = fields.String(allow_none=True)


class PublicDecisionSchema(Schema):
    decree_number = fields.String()
    severity = fields.String(allow_none=True)
    compensations = fields.List(fields.Nested(PublicCompensationSchema))
    citations = fields.List(fields.String())


class PublicCompensationItemSchema(Schema):
    id = fields.UUID()
    code = fields.String()
    label = fields.Function(lambda c: vocabulary.LABELS.get(c["code"], c["code"]))
    citation = fields.String()
    due_at = LocalDateTime(allow_none=True)
    given_at = LocalDateTime(allow_none=True)
    citizen_answer = fields.String(allow_none=True, metadata={"description": "diterima, tidak_diterima or null"})
    answered_at = LocalDateTime(allow_none=True)


class ObjectionSchema(Schema):
    reason = fields.String()
    at = LocalDateTime()


class CitizenViewSchema(Schema):
    """A case as its complainant sees it: never internal notes, never who handled it."""

    tracking_code = fields.Function(lambda v: display_code(v.tracking_code))
    received_at = LocalDateTime()
    status = fields.String()
    status_label = fields.Function(lambda v: status_label(v.status))
    service = fields.String(allow_none=True)
    component = fields.String()
    anonymous = fields.Boolean()
    confidential = fields.Boolean()
    complainant_name = fields.String()
    complainant_nik = fields.String()
    outcome = fields.String(allow_none=True, metadata={"description": "upheld, rejected, or null before the assessment"})
    closed = fields.Boolean()
    decision = fields.Nested(PublicDecisionSchema, allow_none=True)
    compensations = fields.List(fields.Nested(PublicCompensationItemSchema))
    objection = fields.Nested(ObjectionSchema, allow_none=True)
    may_object = fields.Boolean()


class ReceiptSchema(CleanSchema):
    """The citizen's answer on one compensation."""

    received = fields.Boolean(required=True, error_messages={**REQUIRED, "invalid": "Isi dengan ya atau tidak."})
    note = _text(2000, required=False)


class KeberatanSchema(CleanSchema):
    """An objection to a rejection or a closure, with its reason."""

    reason = _text(5000, min_length=10)
