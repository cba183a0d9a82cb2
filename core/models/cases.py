"""Complaints (the case), the decisions taken on them, and what was given."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ColumnElement, Date, ForeignKeyConstraint, Index, String, Text, UniqueConstraint, and_, false
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from core.platform.db import Base, utcnow
from core.platform.field_crypto import EncryptedText
from core.models.scope import TenantOwned


class Complaint(TenantOwned, Base):
    """A komplain / pengaduan: the case. ``version`` guards against stale writes."""

    __tablename__ = "complaints"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "service_request_id"], ["service_requests.tenant_id", "service_requests.id"]
        ),
        UniqueConstraint("tenant_id", "tracking_code"),
        Index(None, "tenant_id", "status", "received_at"),
        Index(None, "tenant_id", "received_at"),  # the listing's order (newest first)
        # A breach the platform detects (kind "late") opens at most one case per request; a
        # citizen's or officer's complaint has no breach_kind (NULLs are distinct), so any number.
        UniqueConstraint("tenant_id", "service_request_id", "breach_kind"),
        Index(None, "tenant_id", "service_type_id"),
        Index(None, "tenant_id", "ask_decree_again"),
    )

    tracking_code: Mapped[str] = mapped_column(String(32))
    service_request_id: Mapped[uuid.UUID | None]
    channel: Mapped[str | None] = mapped_column(String(16))
    component: Mapped[str] = mapped_column(String(32))
    conduct: Mapped[str | None] = mapped_column(String(32))
    disruption: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    remedy_requested: Mapped[str] = mapped_column(Text, default="")
    complainant_name: Mapped[str] = mapped_column(String(200), default="")
    complainant_contact: Mapped[str] = mapped_column(String(200), default="")
    anonymous: Mapped[bool] = mapped_column(default=False)
    confidential: Mapped[bool] = mapped_column(default=False)
    user_in_jurisdiction: Mapped[bool | None]
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    received_by: Mapped[int | None]  # the officer who took the complaint in (handles it with the pimpinan)
    status: Mapped[str] = mapped_column(String(32), default="received")
    assessment: Mapped[str | None] = mapped_column(String(16))
    status_reason: Mapped[str | None] = mapped_column(Text)  # why the last transition was taken (tunda, rejected)
    forwarded_to: Mapped[str | None] = mapped_column(String(200))  # bukan wewenang: the agency it went to
    maladministration: Mapped[str | None] = mapped_column(String(32))  # the Ombudsman's label of an upheld case
    version: Mapped[int] = mapped_column(default=1)
    origin: Mapped[str] = mapped_column(String(16), default="citizen", server_default="citizen")  # vocabulary.CASE_ORIGINS
    breach_kind: Mapped[str | None] = mapped_column(String(16))  # set on a case the platform opened ("late")
    # A case the platform opened when the service's norm ran out, whose decree has a limit of its
    # own that had not (Belitung's 2x24 jam): the sweep asks the decree again until it applies or
    # the request is finished (core/casework/sweeps.ask_decrees_again).
    ask_decree_again: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # What a written complaint states (UU 25/2009 Pasal 40–42): who (name, address, contact, NIK),
    # which service, what loss followed, where; the request number the citizen quotes, as typed.
    # The service is checked against the catalogue when filed (no database foreign key: adding one
    # would make SQLite rebuild this table, which the rows referring to it forbid).
    complainant_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    complainant_nik: Mapped[str | None] = mapped_column(EncryptedText, info={"secret": True})
    service_type_id: Mapped[uuid.UUID | None]
    loss_description: Mapped[str] = mapped_column(Text, default="", server_default="")
    place: Mapped[str] = mapped_column(String(300), default="", server_default="")
    request_reference: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # The citizen objected (keberatan) to a rejection or a closure: the head is to look again.
    reopen_requested: Mapped[bool] = mapped_column(default=False, server_default=false())
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())  # made by `flask demo seed`

    __mapper_args__ = {"version_id_col": version}

    decisions: Mapped[list[CaseDecision]] = relationship(viewonly=True, order_by="CaseDecision.decided_at")
    compensations: Mapped[list[CompensationGiven]] = relationship(viewonly=True)
    sanctions: Mapped[list[SanctionGiven]] = relationship(viewonly=True)


class OfCase(TenantOwned):
    """A row that belongs to one case: keyed (tenant_id, complaint_id), indexed the same way."""

    extra_indexes: tuple[tuple[str, ...], ...] = ()

    complaint_id: Mapped[uuid.UUID]

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (
            ForeignKeyConstraint(["tenant_id", "complaint_id"], ["complaints.tenant_id", "complaints.id"]),
            Index(None, "tenant_id", "complaint_id"),
            *(Index(None, *columns) for columns in cls.extra_indexes),
        )


class CaseDecision(OfCase, Base):
    """A decree's decision on a case, with the plugin, its version and the facts, for replay."""

    __tablename__ = "case_decisions"

    plugin: Mapped[str] = mapped_column(String(64))
    plugin_version: Mapped[str] = mapped_column(String(32))
    decree_number: Mapped[str] = mapped_column(String(100))
    facts: Mapped[dict]
    decision: Mapped[dict]
    decided_by: Mapped[int | None]
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)  # why the case was decided again
    override: Mapped[dict | None]  # the head's ruling in place of the decree's proposal
    override_reason: Mapped[str | None] = mapped_column(Text)
    superseded_at: Mapped[datetime | None]  # null: the decision in force


def in_force() -> ColumnElement[bool]:
    """A decision in force: the one of its case not superseded (recording a new one supersedes it)."""
    return CaseDecision.superseded_at.is_(None)


def decision_in_force() -> ColumnElement[bool]:
    """The join of a case (``Complaint``) to its decision in force."""
    return and_(CaseDecision.tenant_id == Complaint.tenant_id, CaseDecision.complaint_id == Complaint.id, in_force())


class CompensationGiven(OfCase, Base):
    """A compensation item owed on a case: due, then given."""

    __tablename__ = "compensations"
    extra_indexes = (("tenant_id", "due_at"),)

    code: Mapped[str] = mapped_column(String(32))
    citation: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime | None]
    given_at: Mapped[datetime | None]
    given_by: Mapped[int | None]
    evidence: Mapped[str] = mapped_column(Text, default="")
    escalated_at: Mapped[datetime | None]  # when the scheduler escalated it, overdue, to the head


class SanctionGiven(OfCase, Base):
    """A sanction decided for the officer of a case (decided by the pimpinan)."""

    __tablename__ = "sanctions"
    extra_indexes = (("tenant_id", "follow_up_on"),)

    officer_name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(32))
    staff_category: Mapped[str] = mapped_column(String(16))
    legal_basis: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[int | None]
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    decree_wording: Mapped[str] = mapped_column(String(200), default="", server_default="")
    pp94_penalty: Mapped[bool] = mapped_column(default=False, server_default=false())
    follow_up_on: Mapped[date | None] = mapped_column(Date)  # UU 25/2009 Pasal 54: three months on
