"""Pages of notices: the staff inbox (``/t/<slug>/notifikasi``, its unread count in the header),
the desk form of an oral claim (``/t/<slug>/klaim-lisan``), and what the case page shows of the
complainant's keberatan, the messages sent to the complainant and the proposed sanctions."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from marshmallow import ValidationError
from sqlalchemy import select
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core import vocabulary
from core.access import policy
from core.casework import claims, notices, records, workflow
from core.platform.db import Session
from core.platform.domain_errors import DomainError, NotFound, Stale
from core.http.extensions import decrees
from core.http.schemas.notices import OralClaimSchema
from core.models import Complaint, Notification, Tenant, User
from core.models.scope import tenant_scope
from core.timekeeping.clock import now as clock_now
from core.web.base import blueprint, tenant_page

LOCAL_MOMENT = "%Y-%m-%dT%H:%M"


@blueprint.app_context_processor
def _inbox_in_header() -> dict[str, Any]:
    """The signed-in member of staff's inbox link and unread count, for the header of every page."""
    if not current_user.is_authenticated or current_user.role not in vocabulary.TENANT_ROLES or not current_user.tenant_id:
        return {}
    with tenant_scope(current_user.tenant_id):
        tenant = Session.get(Tenant, current_user.tenant_id)
        return {"inbox": {"url": url_for("web.inbox_page", slug=tenant.slug), "unread": notices.unread_count(current_user)}}


def officer_choices(tenant: Tenant) -> list[SelectChoice]:
    """The agency's officers, to name the one a proposed sanction concerns (notified, may answer)."""
    users = Session.scalars(select(User).where(User.tenant_id == tenant.id, User.role == "petugas",
                                               User.active.is_(True)).order_by(User.name))
    return [SelectChoice("", _("— tanpa akun —"))] + [SelectChoice(str(u.id), u.name) for u in users]


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Jawaban tertulis Anda"), validators=[DataRequired(), Length(max=5000)])


def case_notice_context(tenant: Tenant, complaint: Complaint) -> dict[str, Any]:
    """What the case page shows beyond the workflow's: the keberatan, the messages to the
    complainant, the proposed sanctions (with the officer's answer and whether each may be recorded)."""
    proposals = records.proposals_of(complaint)
    return {
        "objection": records.objection_of(complaint),
        "case_notices": notices.notices_on_case(complaint),
        "proposals": [(p, workflow.ripe(p)) for p in proposals],
        "answer_form": AnswerForm(),
    }


# -- the inbox -------------------------------------------------------------------------------


class ReadForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])
    read = HiddenField(validators=[DataRequired()])


@blueprint.get("/t/<slug>/notifikasi")
@tenant_page("notification.read")
def inbox_page(tenant):
    unread_only = request.args.get("belum") == "1"
    statement = notices.inbox_of(current_user)
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    items = Session.scalars(statement.limit(200)).all()
    return render_template("notifications.html", tenant=tenant, items=items, zone=ZoneInfo(tenant.timezone),
                           unread_only=unread_only, form=ReadForm(), labels=vocabulary.LABELS)


@blueprint.post("/t/<slug>/notifikasi/<notification_id>")
@tenant_page("notification.read")
def inbox_mark(tenant, notification_id):
    found = notices.in_inbox(current_user, notification_id)
    if found is None:
        raise NotFound("notification")
    form = ReadForm()
    if not form.validate_on_submit():
        flash(_("Formulir tidak lengkap; muat ulang halaman."), "error")
    elif form.version.data != str(found.version):
        flash(Stale(_("Pemberitahuan ini telah diubah sejak Anda membukanya.")).message, "error")
    else:
        notices.mark(found, form.read.data == "1", clock_now())
        Session.commit()
        flash(_("Pemberitahuan ditandai sudah dibaca.") if found.read_at else _("Pemberitahuan ditandai belum dibaca."),
              "info")
    return redirect(url_for("web.inbox_page", slug=tenant.slug), 303)


# -- the desk form of an oral claim ------------------------------------------------------------


class OralClaimForm(FlaskForm):
    component = SelectField(_l("Komponen standar yang tidak dipenuhi"),
                            choices=[SelectChoice(c, vocabulary.LABELS[c]) for c in vocabulary.COMPONENTS])
    conduct = SelectField(_l("Perilaku petugas"), default="",
                          choices=[SelectChoice("", "—")] + [SelectChoice(c, vocabulary.LABELS[c]) for c in vocabulary.CONDUCTS])
    occurred_at = StringField(_l("Waktu kejadian"), validators=[DataRequired()])
    description = TextAreaField(_l("Apa yang terjadi"), validators=[DataRequired(), Length(max=10000)])
    complainant_name = StringField(_l("Nama pengadu (boleh kosong)"), validators=[Optional(), Length(max=200)])
    complainant_contact = StringField(_l("Kontak pengadu (boleh kosong)"), validators=[Optional(), Length(max=200)])


@blueprint.route("/t/<slug>/klaim-lisan", methods=["GET", "POST"])
@tenant_page("claim.oral")
def oral_claim_page(tenant):
    """One action: the oral complaint recorded, the apology given on the spot, the case closed."""
    zone = ZoneInfo(tenant.timezone)
    info = claims.decree_on(decrees(), tenant, clock_now(zone))
    form = OralClaimForm()
    if request.method == "GET":
        form.occurred_at.data = clock_now(zone).strftime(LOCAL_MOMENT)
    status = 200
    if request.method == "POST" and info is not None and info.oral_claim_clause:
        try:
            if not form.validate_on_submit():
                raise ValidationError({name: list(messages) for name, messages in form.errors.items()})
            moment = datetime.strptime(form.occurred_at.data, LOCAL_MOMENT).replace(tzinfo=zone)
            data = OralClaimSchema().load({
                "component": form.component.data, "conduct": form.conduct.data or None,
                "description": form.description.data, "occurred_at": moment.isoformat(),
                "complainant_name": form.complainant_name.data or "", "complainant_contact": form.complainant_contact.data or ""})
            complaint = claims.record_oral_claim(decrees(), tenant, current_user, data, clock_now())
            Session.commit()
        except ValueError as exc:
            Session.rollback()
            messages = exc.messages if isinstance(exc, ValidationError) else {"occurred_at": [_("Tanggal dan jam tidak valid.")]}
            flash("; ".join(f"{name}: {' '.join(map(str, m))}" for name, m in messages.items()), "error")
            status = 422
        except DomainError as exc:
            Session.rollback()
            flash(exc.message, "error")
            status = 409
        else:
            flash(_("Klaim lisan dicatat: permohonan maaf telah disampaikan dan kasus ditutup."), "info")
            return redirect(url_for("web.case_page", slug=tenant.slug, complaint_id=complaint.id), 303)
    return render_template("oral_claim.html", tenant=tenant, form=form, info=info,
                           may=policy.can(current_user, "claim.oral", tenant)), status
