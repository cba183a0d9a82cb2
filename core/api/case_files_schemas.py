"""The schemas of the case files routes: evidence uploaded and listed, letters asked for and listed."""

from __future__ import annotations


from flask_smorest.fields import Upload
from marshmallow import Schema, fields, pre_load

from core.http.fields import LocalDateTime, one_of
from core.platform.clean_input import CleanSchema
from core.decrees.schemas import ComparisonSchema, DecisionSchema  # noqa: F401  (the API's decision schemas)


class EvidenceUploadSchema(CleanSchema):
    """An evidence upload (``multipart/form-data``): the file, and the compensation item it proves, if any."""

    file = Upload(required=True, metadata={"description": "a JPEG or PNG photo, or a PDF (checked by content)"})
    compensation_id = fields.UUID(load_default=None, allow_none=True,
                                  metadata={"description": "a compensation item of this case (else the file is the complaint's)"})

    @pre_load
    def _empty_is_none(self, data, **_):
        """A form's empty field names no compensation item."""
        if isinstance(data, dict) and data.get("compensation_id") == "":
            data = {**data, "compensation_id": None}
        return data


class EvidenceFileSchema(Schema):
    id = fields.UUID(dump_only=True)
    complaint_id = fields.UUID(dump_only=True)
    compensation_id = fields.UUID(dump_only=True, allow_none=True)
    original_name = fields.String(dump_only=True, metadata={"description": "the sent name, cleaned; a label only"})
    media_type = fields.String(dump_only=True, metadata={"description": "what the content is: image/jpeg, image/png, application/pdf"})
    size_bytes = fields.Integer(dump_only=True)
    sha256 = fields.String(dump_only=True)
    uploaded_by = fields.Integer(dump_only=True, allow_none=True)
    uploaded_at = LocalDateTime(dump_only=True)


class LetterRequestSchema(CleanSchema):
    kind = fields.String(required=True, validate=one_of(("maaf_tertulis", "pemberitahuan_ketidaksesuaian")))


class LetterSchema(Schema):
    id = fields.UUID(dump_only=True)
    complaint_id = fields.UUID(dump_only=True)
    case_decision_id = fields.UUID(dump_only=True)
    compensation_id = fields.UUID(dump_only=True, allow_none=True)
    kind = fields.String(dump_only=True)
    number = fields.String(dump_only=True)
    year = fields.Integer(dump_only=True)
    sequence = fields.Integer(dump_only=True)
    citation = fields.String(dump_only=True, metadata={"description": "the decree's clause for the compensation, as cited in the letter"})
    size_bytes = fields.Integer(dump_only=True)
    sha256 = fields.String(dump_only=True)
    issued_by = fields.Integer(dump_only=True, allow_none=True)
    issued_at = LocalDateTime(dump_only=True)
