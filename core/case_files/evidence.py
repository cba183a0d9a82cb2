"""Evidence files on a case: a photo or a PDF attached to a complaint, or to one of its
compensation items (the delivery receipt, the photo of the handover).

What a file is comes from its bytes (``core/platform/sniff.py``); where it is kept comes from its hash
(``core/platform/filestore.py``); the name the client gave is kept only as a label, cleaned.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from types import SimpleNamespace

from sqlalchemy import inspect, select

from core.platform.db import Session
from core.platform.domain_errors import Invalid, NotFound, TooLarge
from core.platform.filestore import FileStore
from core.platform.lookup import by_id
from core.models import Complaint, CompensationGiven, EvidenceFile
from core.platform.sniff import EXTENSIONS, NotAccepted, sniff

NAME_LIMIT = 120
UNSAFE = re.compile(r"[^\w .()+-]+")


def clean_name(name: str | None, extension: str) -> str:
    """The client's file name as a label: its last path part, printable, no leading dots, at most
    120 characters, ending in the extension of what the content really is."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    stem = re.sub(r"\s+", " ", UNSAFE.sub("_", stem)).strip(" ._") or "bukti"
    return f"{stem[:NAME_LIMIT - len(extension) - 1]}.{extension}"


def attach(store: FileStore, complaint: Complaint, content: bytes, filename: str | None, *, max_bytes: int,
           compensation_id: uuid.UUID | None = None, actor_id: int | None = None) -> EvidenceFile:
    """Check the bytes, keep them, and record them on the case (or on one compensation item of it)."""
    if len(content) > max_bytes:
        raise TooLarge(f"the file is larger than {max_bytes} bytes",
                       {"file": [f"at most {max_bytes} bytes ({max_bytes / 1024 / 1024:g} MB)"]})
    try:
        sniffed = sniff(content)
    except NotAccepted as exc:
        raise Invalid(f"file: {exc}", {"file": [str(exc)]}) from None
    if compensation_id is not None:
        item = Session.scalar(select(CompensationGiven).where(CompensationGiven.id == compensation_id))
        if item is None or item.complaint_id != complaint.id:
            raise Invalid("compensation_id names no compensation item of this case",
                          {"compensation_id": ["no compensation item of this case has this id"]})
    sha256 = store.put(content)
    row = EvidenceFile(
        tenant_id=complaint.tenant_id, complaint_id=complaint.id, compensation_id=compensation_id,
        original_name=clean_name(filename, sniffed.extension), media_type=sniffed.media_type,
        size_bytes=len(content), sha256=sha256, uploaded_by=actor_id,
    )
    Session.add(row)
    return row


def of_case(complaint: Complaint) -> list[EvidenceFile]:
    return list(Session.scalars(select(EvidenceFile).where(EvidenceFile.complaint_id == complaint.id)
                                .order_by(EvidenceFile.uploaded_at, EvidenceFile.id)))


def one_of_case(complaint: Complaint, evidence_id: str) -> EvidenceFile:
    """One file of this case; another case's (or another tenant's) is not found."""
    row = by_id(EvidenceFile, evidence_id)
    if row.complaint_id != complaint.id:
        raise NotFound("EvidenceFile")
    return row


def as_seen(row: EvidenceFile, identity_visible: bool) -> EvidenceFile | SimpleNamespace:
    """The row as a viewer reads it: for one who may not see who complained (an anonim or rahasia
    complaint), the sent name, which may name the complainant ("KTP Budi.jpg"), is replaced."""
    if identity_visible:
        return row
    values = {attr.key: getattr(row, attr.key) for attr in inspect(row).mapper.column_attrs}
    values["original_name"] = f"bukti-{str(row.id)[:8]}.{EXTENSIONS.get(row.media_type, 'bin')}"
    return SimpleNamespace(**values)
