"""Messages: to the complainant of each decision and each state of the case they care about, and
to staff (the officer named in a proposed sanction, the head told of an answer, a keberatan or an
escalation) in their inbox.

A message to the complainant is a ``notifications`` row: channel ``email`` when an SMTP server is
configured (``KOMPENSASI_SMTP_URL``) and the complainant left an e-mail address, else ``case``
(recorded on the case, read with the tracking code). It is in Bahasa Indonesia and names nobody
of the agency. Nothing is sent from inside the request that decided: the row is recorded in the
same transaction, and :func:`send_pending` (the ``send-notices`` job) sends it after the commit
and records the outcome (``sent_at`` or ``delivery_error``, ``attempts``).
"""

from __future__ import annotations

import re
import smtplib
import ssl
import uuid
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Select, and_, func, or_, select

from core import vocabulary
from core.agency.tenants import all_agencies
from core.casework.records import compensations_of
from core.casework.tracking import display_code
from core.platform.db import Session
from core.platform.domain_errors import Invalid
from core.models import Complaint, Notification, Tenant, User
from core.models.scope import tenant_scope

EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
MAX_ATTEMPTS = 5  # an address that fails this often is left with its last error for staff to see
SEND_BATCH = 100

# What the complainant is told of each state (never who handled the case: the agency speaks).
WORDING = {
    "received": "Pengaduan Anda telah kami terima dan akan diverifikasi.",
    "tunda": "Penanganan pengaduan Anda ditunda sementara; kami akan menghubungi Anda bila perlu keterangan tambahan.",
    "forwarded": "Pengaduan Anda bukan wewenang kami dan telah diteruskan kepada instansi yang berwenang: {forwarded_to}.",
    "under_assessment": "Pengaduan Anda sedang dinilai oleh pimpinan.",
    "upheld": "Pimpinan menilai pengaduan Anda terbukti. Kompensasi yang menjadi hak Anda: {compensations}.",
    "rejected": "Pimpinan menilai pengaduan Anda tidak terbukti. Anda dapat mengajukan keberatan melalui halaman pelacakan.",
    "closed": "Penanganan pengaduan Anda telah selesai.",
    "reopened": "Keberatan Anda telah diterima; pengaduan Anda dibuka kembali untuk dinilai ulang oleh pimpinan.",
    "held_kahar": ("Pengaduan Anda diterima pada saat keadaan kahar ditetapkan. Sesuai keputusan yang berlaku, "
                   "klaim kompensasi diproses setelah keadaan dinyatakan pulih; pengaduan Anda akan dilanjutkan "
                   "saat itu."),
    "released": "Keadaan kahar telah berakhir; pengaduan Anda kini dilanjutkan.",
}


@dataclass(frozen=True)
class Smtp:
    """Where e-mail goes: ``smtp://[user:password@]host[:port][?starttls=1]`` or ``smtps://…``."""

    host: str
    port: int
    secure: bool
    starttls: bool
    user: str | None
    password: str | None

    @classmethod
    def parse(cls, url: str) -> Smtp:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(f"SMTP_URL must be smtp://host[:port] or smtps://host[:port], not {url!r}")
        secure = parts.scheme == "smtps"
        query = parse_qs(parts.query)
        return cls(host=parts.hostname, port=parts.port or (465 if secure else 25), secure=secure,
                   starttls=query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
                   user=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None)


# Whether an SMTP server is configured, for the request or job now running: the app sets it
# from ``SMTP_URL`` before each request (core/app.py), a job from its app's settings. Unset: no.
_email: ContextVar[bool] = ContextVar("notices_by_email", default=False)


def by_email(enabled: bool) -> Token:
    """Record complainants' messages for e-mail (True) or on the case, until :func:`reset`."""
    return _email.set(bool(enabled))


def reset(token: Token) -> None:
    _email.reset(token)


def email_configured() -> bool:
    return _email.get()


def email_address_of(complaint: Complaint) -> str | None:
    contact = (complaint.complainant_contact or "").strip()
    return contact if EMAIL.match(contact) else None


# -- to the complainant ------------------------------------------------------------------


def complainant_message(complaint: Complaint, event: str) -> tuple[str, str]:
    """The subject and text of what the complainant is told of ``event`` (a state, or
    ``released``/``apologised``): the state, what is owed, where to follow the case."""
    code = display_code(complaint.tracking_code)
    owed = ", ".join(vocabulary.LABELS.get(item.code, item.code) for item in compensations_of(complaint)) or "-"
    text = WORDING[event].format(forwarded_to=complaint.forwarded_to or "-", compensations=owed)
    tenant = Session.get(Tenant, complaint.tenant_id)
    body = "\n\n".join([
        "Yth. Bapak/Ibu Pengadu,",
        f"Pengaduan dengan kode pelacakan {code}: {text}",
        f"Ikuti perkembangan pengaduan Anda di halaman /p/{tenant.slug}/lacak/{code} dengan kode pelacakan tersebut.",
        f"Hormat kami,\n{tenant.name}",
    ])
    return f"Pengaduan {code}: {vocabulary.LABELS.get(event, WORDING_TITLES.get(event, event))}", body


WORDING_TITLES = {"released": "Dilanjutkan"}


def tell_complainant(complaint: Complaint, event: str) -> Notification:
    """Record what the complainant is told: by e-mail (sent after the commit) when it can be, else
    on the case. An anonymous complaint without contact gets it on the case only, read by its code."""
    subject, body = complainant_message(complaint, event)
    address = email_address_of(complaint) if email_configured() else None
    notice = Notification(tenant_id=complaint.tenant_id, complaint_id=complaint.id, kind="case_notice",
                          channel="email" if address else "case", recipient_address=address, subject=subject,
                          message=body)
    Session.add(notice)
    return notice


def notices_on_case(complaint: Complaint) -> list[Notification]:
    """What the complainant was told on this case, oldest first (both channels)."""
    return list(Session.scalars(select(Notification).where(Notification.complaint_id == complaint.id,
                                                           Notification.channel.in_(("case", "email")))
                                .order_by(Notification.created_at)))


# -- to staff ------------------------------------------------------------------------------


def tell_officer_of_proposal(complaint: Complaint, proposal) -> Notification | None:
    """The officer named in a proposed sanction, if the officer has an account here."""
    if proposal.officer_user_id is None:
        return None
    label = vocabulary.LABELS.get(proposal.code, proposal.code)
    note = Notification(
        tenant_id=complaint.tenant_id, complaint_id=complaint.id, recipient_user_id=proposal.officer_user_id,
        kind="sanction_proposed",
        message=(f"Pimpinan mengusulkan sanksi {label} atas kasus {complaint.tracking_code}. Anda dapat menyampaikan "
                 f"jawaban tertulis sampai {proposal.answer_due_at:%d-%m-%Y %H:%M} UTC sebelum sanksi ditetapkan."))
    Session.add(note)
    return note


def tell_head_of_answer(complaint: Complaint, proposal) -> Notification:
    note = Notification(tenant_id=complaint.tenant_id, complaint_id=complaint.id, recipient_role="pimpinan",
                        kind="sanction_answered",
                        message=f"Petugas telah menjawab usulan sanksi pada kasus {complaint.tracking_code}.")
    Session.add(note)
    return note


def tell_head_of_objection(complaint: Complaint, reason: str) -> Notification:
    note = Notification(tenant_id=complaint.tenant_id, complaint_id=complaint.id, recipient_role="pimpinan",
                        kind="objection",
                        message=f"Pengadu mengajukan keberatan pada kasus {complaint.tracking_code}: {reason}")
    Session.add(note)
    return note


def inbox_of(user: User) -> Select:
    """A member of staff's notifications: addressed to them, or to their role; newest first."""
    return (select(Notification)
            .where(Notification.channel == "inbox",
                   or_(Notification.recipient_user_id == user.id,
                       and_(Notification.recipient_user_id.is_(None), Notification.recipient_role == user.role)))
            .order_by(Notification.created_at.desc(), Notification.id))


def unread_count(user: User) -> int:
    statement = inbox_of(user).where(Notification.read_at.is_(None))
    return Session.scalar(statement.with_only_columns(func.count(Notification.id)).order_by(None))


def in_inbox(user: User, notification_id: Any) -> Notification | None:
    try:
        key = uuid.UUID(str(notification_id))
    except ValueError:
        return None
    return Session.scalar(inbox_of(user).where(Notification.id == key))


def mark(notification: Notification, read: bool, at: datetime) -> Notification:
    """Read (now) or unread again; a notification to a role is read for the whole role."""
    if not isinstance(read, bool):
        raise Invalid("read is true or false", {"read": ["true or false"]})
    notification.read_at = (notification.read_at or at) if read else None
    return notification


# -- sending -------------------------------------------------------------------------------


def _deliver(smtp: Smtp, sender: str, notice: Notification) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, notice.recipient_address, notice.subject or ""
    message.set_content(notice.message)
    connect = smtplib.SMTP_SSL if smtp.secure else smtplib.SMTP
    kwargs = {"context": ssl.create_default_context()} if smtp.secure else {}
    with connect(smtp.host, smtp.port, timeout=30, **kwargs) as client:
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context())
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        client.send_message(message)


def send_pending(config: dict[str, Any], now: datetime) -> dict[str, int]:
    """Send the e-mails recorded and not sent, each tenant in its own scope, each row committed
    with its outcome; an address that failed ``MAX_ATTEMPTS`` times is left with its error."""
    url = config.get("SMTP_URL")
    if not url:
        return {"sent": 0, "failed": 0}
    smtp, sender = Smtp.parse(url), config.get("MAIL_FROM") or "kompensasi@localhost"
    sent = failed = 0
    for tenant in all_agencies():
        with tenant_scope(tenant.id):
            waiting = Session.scalars(select(Notification).where(
                Notification.channel == "email", Notification.sent_at.is_(None),
                Notification.attempts < MAX_ATTEMPTS).order_by(Notification.created_at).limit(SEND_BATCH)).all()
            for notice in waiting:
                notice.attempts += 1
                try:
                    _deliver(smtp, sender, notice)
                except (OSError, smtplib.SMTPException) as exc:
                    notice.delivery_error = f"{type(exc).__name__}: {exc}"[:2000]
                    failed += 1
                else:
                    notice.sent_at, notice.delivery_error = now, None
                    sent += 1
                Session.commit()
    return {"sent": sent, "failed": failed}
