"""The case page's proposed sanctions: the officer named answers in writing; the head records the
sanction once the answer is in or the waiting period has run (core/casework/workflow.py)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from core.casework import records, workflow
from core.platform.domain_errors import NotFound
from core.platform.lookup import by_id
from core.models import Complaint
from core.web.base import blueprint, tenant_page
from core.web.casework.cases import SanctionForm, _act
from core.web.casework.notices import AnswerForm, officer_choices


@blueprint.post("/t/<slug>/pengaduan/<complaint_id>/usulan/<proposal_id>/jawab")
@tenant_page("complaint.write")
def proposal_answer(tenant, complaint_id, proposal_id):
    complaint, form = by_id(Complaint, complaint_id), AnswerForm()
    return _act(tenant, complaint, form,
                lambda: workflow.answer_proposal(tenant, complaint, proposal_id, current_user, form.answer.data),
                _("Jawaban Anda dicatat dan disampaikan kepada pimpinan."))


@blueprint.post("/t/<slug>/pengaduan/<complaint_id>/usulan/<proposal_id>/tetapkan")
@tenant_page("complaint.write")
def proposal_record(tenant, complaint_id, proposal_id):
    complaint = by_id(Complaint, complaint_id)
    proposal = next((p for p in records.proposals_of(complaint) if str(p.id) == proposal_id), None)
    if proposal is None:
        raise NotFound("sanction proposal")
    form = SanctionForm(data={"officer_name": proposal.officer_name, "staff_category": proposal.staff_category,
                              "code": proposal.code})
    form.officer_user_id.choices = officer_choices(tenant)
    form.code.choices = [(proposal.code, proposal.code)]
    return _act(tenant, complaint, form, lambda: workflow.record_sanction(tenant, complaint, current_user, {
        "officer_name": proposal.officer_name, "code": proposal.code, "staff_category": proposal.staff_category}),
        _("Sanksi ditetapkan."))
