"""The case pages: the list of complaints, the case with the decree's decision at the point of
assessment (the head upholds or rejects, picks the sanction, the officer records what was given),
and each role's work list. Every change goes through :mod:`core.casework.workflow`, as the API's do."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from marshmallow import ValidationError
from sqlalchemy import select
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core import vocabulary
from core.access import policy
from core.casework import records, workflow, worklists
from core.casework.cases import facts_of
from core.platform.db import Session
from core.decrees.contract import FactsError
from core.decrees.dispatch import evaluate_for_tenant
from core.decrees.facts import flatten_errors, load_facts
from core.platform.domain_errors import DomainError, Forbidden, Stale
from core.http.extensions import decrees
from core.platform.lookup import by_id
from core.models import Complaint, User
from core.web.base import blueprint, tenant_page
from core.web.casework.notices import case_notice_context, officer_choices
from core.web.labels import LABELS, lazy_label


def _page(template: str, tenant, **context):
    """A case page, its moments shown in the agency's own zone."""
    return render_template(template, tenant=tenant, zone=ZoneInfo(tenant.timezone), labels=LABELS, **context)


def _choices(codes, blank: str | None = None) -> list[SelectChoice]:
    options = [SelectChoice(code, lazy_label(code)) for code in codes]
    return ([SelectChoice("", blank)] if blank is not None else []) + options


class VersionedForm(FlaskForm):
    version = HiddenField()


class StepForm(VersionedForm):
    to = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Alasan"), validators=[Optional(), Length(max=5000)])
    forwarded_to = StringField(_l("Diteruskan kepada instansi"), validators=[Optional(), Length(max=200)])
    maladministration = SelectField(_l("Bentuk maladministrasi (Ombudsman RI)"),
                                    choices=_choices(vocabulary.MALADMINISTRATION, "—"), default="")


class DecisionForm(VersionedForm):
    reason = TextAreaField(_l("Alasan memutus ulang"), validators=[Optional(), Length(max=5000)])
    override_compensations = SelectMultipleField(
        _l("Kompensasi menurut pimpinan (bila berbeda dari usulan)"), choices=_choices(vocabulary.COMPENSATIONS),
        option_widget=widgets.CheckboxInput(), widget=widgets.ListWidget(prefix_label=False), validate_choice=True)
    override_sanction = SelectField(_l("Sanksi menurut pimpinan (bila berbeda dari usulan)"),
                                    choices=[SelectChoice("", _l("— sesuai usulan —")), SelectChoice("none", _l("Tanpa sanksi"))]
                                    + _choices(vocabulary.SANCTIONS), default="")
    override_reason = TextAreaField(_l("Alasan tertulis penyimpangan dari usulan"), validators=[Optional(), Length(max=5000)])

    def data_for_workflow(self) -> dict[str, Any]:
        override: dict[str, Any] = {}
        if self.override_compensations.data:
            override["compensations"] = list(self.override_compensations.data)
        if self.override_sanction.data:
            override["sanction"] = None if self.override_sanction.data == "none" else self.override_sanction.data
        return {"reason": self.reason.data or None, "override": override or None,
                "override_reason": self.override_reason.data or None}


class SanctionForm(FlaskForm):
    officer_user_id = SelectField(_l("Akun petugas (diberi tahu, dapat menjawab)"), choices=[], default="",
                                  validate_choice=False)
    officer_name = StringField(_l("Nama petugas"), validators=[DataRequired(), Length(max=200)])
    staff_category = SelectField(_l("Kategori pegawai"), choices=_choices(vocabulary.STAFF_CATEGORIES), default="PNS")
    code = SelectField(_l("Sanksi"), choices=_choices(vocabulary.SANCTIONS))


class GivenForm(FlaskForm):
    evidence = StringField(_l("Bukti (nomor surat, tanda terima)"), validators=[DataRequired(), Length(max=2000)])


@blueprint.app_template_filter("sanction_words")
def sanction_words(pending: str) -> str:
    """A pending sanction as ``records.sanctions_pending`` names it (``teguran``, or a choice
    ``teguran / pembinaan``) in the reader's words."""
    return " / ".join(LABELS.get(code, code) for code in pending.split(" / "))


def _before_closing(compensations, pending: list[str]) -> list[str]:
    """What stands between an upheld case and its closing (``workflow.outstanding``), in the reader's words."""
    owed = [_("kompensasi %(name)s belum diberikan", name=LABELS.get(item.code, item.code))
            for item in compensations if item.given_at is None]
    return owed + [_("sanksi %(name)s belum ditetapkan", name=sanction_words(code)) for code in pending]


def _case_url(tenant, complaint) -> str:
    return url_for("web.case_page", slug=tenant.slug, complaint_id=complaint.id)


def _refused(exc: DomainError) -> None:
    details = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.fields.items())
    flash(f"{exc.message}" + (f" ({details})" if details else ""), "error")


def _form_refused(form: FlaskForm) -> None:
    flash("; ".join(f"{getattr(form, name).label.text}: {' '.join(messages)}" for name, messages in form.errors.items()),
          "error")


def _check_version(form: VersionedForm, complaint: Complaint) -> None:
    if form.version.data != str(complaint.version):
        raise Stale(_("Kasus ini telah diubah orang lain sejak Anda membukanya; periksa lagi lalu ulangi."))


def _live_decision(tenant, complaint) -> tuple[dict | None, dict[str, list[str]]]:
    """What the tenant's decree says of the case's facts now (the linked request's clock included)."""
    try:
        return evaluate_for_tenant(decrees(), tenant, load_facts(facts_of(complaint))).to_dict(), {}
    except ValidationError as exc:
        return None, flatten_errors(exc.messages)
    except FactsError as exc:
        return None, exc.fields


def _names(ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    return {u.id: u.name for u in Session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}


@blueprint.get("/t/<slug>/pengaduan")
@tenant_page("complaint.write")
def cases_page(tenant):
    complaints = Session.scalars(select(Complaint).order_by(Complaint.received_at.desc()).limit(200)).all()
    return _page("cases.html", tenant, complaints=complaints)


@blueprint.get("/t/<slug>/pengaduan/<complaint_id>")
@tenant_page("complaint.write")
def case_page(tenant, complaint_id):
    complaint = by_id(Complaint, complaint_id)
    live, live_errors = _live_decision(tenant, complaint)
    record = records.decision_in_force(complaint)
    history = records.decisions_of(complaint)
    compensations, sanctions = records.compensations_of(complaint), records.sanctions_of(complaint)
    steps = [(t, policy.can(current_user, t.permission, tenant)) for t in workflow.offered_from(complaint.status)]
    rule = records.ruling(record) if record else None
    pending = records.sanctions_pending(complaint, record, sanctions) if record else []
    sanction_form = SanctionForm()
    sanction_form.officer_user_id.choices = officer_choices(tenant)
    if rule:
        options = rule["sanctions"]["required"] + rule["sanctions"]["choose_one_of"]
        sanction_form.code.choices = _choices(options)
    return _page(
        "case.html", tenant, complaint=complaint, live=live, live_errors=live_errors, record=record,
        history=history, rule=rule, compensations=compensations, sanctions=sanctions, steps=steps,
        pending=pending,
        outstanding=_before_closing(compensations, pending) if complaint.status == "upheld" else [],
        show_identity=policy.may_see_identity(current_user, tenant, complaint), masked=policy.MASKED,
        names=_names([d.decided_by for d in history] + [c.given_by for c in compensations]),
        may_decide=policy.can(current_user, "complaint.decide", tenant),
        may_sanction=policy.can(current_user, "sanction.decide", tenant),
        may_give=policy.can(current_user, "compensation.give", tenant),
        step_form=StepForm(version=complaint.version), decision_form=DecisionForm(version=complaint.version),
        sanction_form=sanction_form, given_form=GivenForm(), **case_notice_context(tenant, complaint))


def _act(tenant, complaint: Complaint, form: FlaskForm, action, done: str):
    """Run a change of the case from a submitted form, then back to the case (post/redirect/get).
    A refusal is shown on the case page, field by field; another role's step is a 403 page."""
    if not form.validate_on_submit():
        _form_refused(form)
        return redirect(_case_url(tenant, complaint), 303)
    try:
        if isinstance(form, VersionedForm):
            _check_version(form, complaint)
        action()
        Session.commit()
        flash(done, "info")
    except Forbidden:
        raise
    except DomainError as exc:
        Session.rollback()
        _refused(exc)
    return redirect(_case_url(tenant, complaint), 303)


@blueprint.post("/t/<slug>/pengaduan/<complaint_id>/langkah")
@tenant_page("complaint.write")
def case_step(tenant, complaint_id):
    complaint, form = by_id(Complaint, complaint_id), StepForm()
    data = {name: getattr(form, name).data for name in workflow.STEP_FIELDS}
    return _act(tenant, complaint, form, lambda: workflow.transition(tenant, complaint, current_user, form.to.data, data),
                _("Status kasus diperbarui."))


@blueprint.post("/t/<slug>/pengaduan/<complaint_id>/keputusan")
@tenant_page("complaint.write")
def case_decide(tenant, complaint_id):
    complaint, form = by_id(Complaint, complaint_id), DecisionForm()
    return _act(tenant, complaint, form,
                lambda: workflow.record_decision(decrees(), tenant, complaint, current_user, form.data_for_workflow()),
                _("Keputusan dicatat."))


@blueprint.post("/t/<slug>/pengaduan/<complaint_id>/sanksi")
@tenant_page("complaint.write")
def case_sanction(tenant, complaint_id):
    complaint, form = by_id(Complaint, complaint_id), SanctionForm()
    form.code.choices = _choices(vocabulary.SANCTIONS)
    form.officer_user_id.choices = officer_choices(tenant)
    officer = int(form.officer_user_id.data) if (form.officer_user_id.data or "").isdigit() else None
    return _act(tenant, complaint, form, lambda: workflow.propose_sanction(tenant, complaint, current_user, {
        "officer_name": form.officer_name.data, "officer_user_id": officer, "code": form.code.data,
        "staff_category": form.staff_category.data}, int(current_app.config["SANCTION_ANSWER_DAYS"])),
        _("Usulan sanksi dicatat; petugas dapat menjawab sebelum sanksi ditetapkan."))


@blueprint.post("/t/<slug>/pengaduan/<complaint_id>/kompensasi/<item_id>")
@tenant_page("complaint.write")
def case_given(tenant, complaint_id, item_id):
    complaint, form = by_id(Complaint, complaint_id), GivenForm()
    return _act(tenant, complaint, form,
                lambda: workflow.give_compensation(tenant, complaint, item_id, current_user, {"evidence": form.evidence.data}),
                _("Kompensasi dicatat telah diberikan."))


@blueprint.get("/t/<slug>/kerja")
@tenant_page("complaint.write")
def worklist_page(tenant):
    officer = policy.can(current_user, "worklist.officer", tenant)
    head = policy.can(current_user, "worklist.head", tenant)
    lists: dict[str, Any] = {}
    if officer:
        lists["awaiting_verification"] = Session.scalars(worklists.awaiting_verification()).all()
        lists["my_open_cases"] = Session.scalars(worklists.my_open_cases(current_user)).all()
        lists["compensation_due_today"] = Session.scalars(worklists.compensation_due_today(tenant)).all()
        lists["compensation_overdue"] = Session.scalars(worklists.compensation_overdue()).all()
    if head:
        lists["awaiting_assessment"] = Session.scalars(worklists.awaiting_assessment()).all()
        lists["overrides"] = Session.scalars(worklists.overrides()).all()
        lists["sanctions_pending"] = worklists.with_sanctions_pending()
        lists["objections"] = Session.scalars(worklists.objections()).all()
    return _page("worklist.html", tenant, lists=lists)
