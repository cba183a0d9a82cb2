"""Files kept with a case: evidence uploaded by staff, and the letters the platform issues.

The bytes live outside the database, in a content-addressed store (``core/platform/filestore.py``,
named by their SHA-256); a row here says whose they are and what they are.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.models.scope import TenantOwned


class EvidenceFile(TenantOwned, Base):
    """A photo (JPEG, PNG) or a PDF attached to a complaint, or to one compensation item of it.
    ``media_type`` is what the content is (sniffed), never what the client said."""

    __tablename__ = "evidence_files"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "complaint_id"], ["complaints.tenant_id", "complaints.id"]),
        ForeignKeyConstraint(["tenant_id", "compensation_id"], ["compensations.tenant_id", "compensations.id"]),
        Index(None, "tenant_id", "complaint_id", "uploaded_at"),
    )

    complaint_id: Mapped[uuid.UUID]
    compensation_id: Mapped[uuid.UUID | None]
    original_name: Mapped[str] = mapped_column(String(160))
    media_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[int | None]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Letter(TenantOwned, Base):
    """A numbered letter issued on a case for a compensation its decision owes (the written
    apology, the notice of non-conformance): one of each kind per decision."""

    __tablename__ = "letters"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "complaint_id"], ["complaints.tenant_id", "complaints.id"]),
        ForeignKeyConstraint(["tenant_id", "case_decision_id"], ["case_decisions.tenant_id", "case_decisions.id"]),
        ForeignKeyConstraint(["tenant_id", "compensation_id"], ["compensations.tenant_id", "compensations.id"]),
        UniqueConstraint("tenant_id", "year", "sequence"),
        UniqueConstraint("tenant_id", "case_decision_id", "kind"),
        Index(None, "tenant_id", "complaint_id", "issued_at"),
    )

    complaint_id: Mapped[uuid.UUID]
    case_decision_id: Mapped[uuid.UUID]
    compensation_id: Mapped[uuid.UUID | None]
    kind: Mapped[str] = mapped_column(String(32))
    year: Mapped[int]
    sequence: Mapped[int]
    number: Mapped[str] = mapped_column(String(100))
    citation: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    issued_by: Mapped[int | None]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)


class LetterCounter(TenantOwned, Base):
    """The last letter number a tenant used in a year; advanced atomically (``core/agency/letter_numbers.py``)."""

    __tablename__ = "letter_counters"
    __table_args__ = (UniqueConstraint("tenant_id", "year"),)

    year: Mapped[int]
    last_sequence: Mapped[int]
