"""A sanction the head proposes for the officer of a case, before recording it: the officer is
told and may answer in writing; the head records the sanction once the answer is in or the
waiting period has run."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.platform.db import Base, utcnow
from core.models.cases import OfCase


class SanctionProposal(OfCase, Base):
    """``officer_user_id`` is the officer's account in the tenant, when the officer has one (then
    the officer is notified and answers); ``answer_due_at`` ends the waiting period; a recorded
    proposal points at the sanction it became (``sanction_id``)."""

    __tablename__ = "sanction_proposals"

    officer_name: Mapped[str] = mapped_column(String(200))
    officer_user_id: Mapped[int | None]
    code: Mapped[str] = mapped_column(String(32))
    staff_category: Mapped[str] = mapped_column(String(16))
    proposed_by: Mapped[int | None]
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer_due_at: Mapped[datetime]
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    sanction_id: Mapped[uuid.UUID | None]
