"""The public complaint page of an agency, no account: ``/p/<slug>`` (its services and their
standards), ``/p/<slug>/pengaduan`` (the complaint form), ``/p/<slug>/lacak/<code>`` (the case by
its tracking code, where the citizen confirms a compensation or objects to the outcome).

The form is read by the same schema as the JSON API (``PublicComplaintSchema``); its messages
come back field by field, next to each field, and in a summary that links to them."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from core.casework import tracking
from core.citizen import filing, responses
from core.citizen.view import citizen_view, status_label
from core import vocabulary
from core.http.public_writes import before_writing, case_of_code, written
from core.http.schemas.public import KeberatanSchema, PublicComplaintSchema, ReceiptSchema
from core.decrees.facts import flatten_errors
from core.platform.domain_errors import DomainError, TooManyRequests
from core.timekeeping.clock import now as clock_now
from core.http.extensions import decrees
from core.http.url_tenant import enter_public_tenant
from core.web.base import blueprint

LOCAL_MOMENT = "%Y-%m-%dT%H:%M"
FORM_FIELDS = ("complainant_name", "complainant_address", "complainant_contact", "complainant_nik", "service",
               "component", "conduct", "occurred_at", "place", "description", "loss_description",
               "remedy_requested", "request_reference")


NUMBERED_ITEM = re.compile(r"\s+(?=(?:\d{1,2}|[a-z])[.)]\s)")


@blueprint.app_template_filter("numbered_lines")
def numbered_lines(text: str) -> list[str]:
    """A standard's text as printed ("1. … 2. …") split at its numbers, one item to a line."""
    return [line for line in NUMBERED_ITEM.split(text or "") if line]


def _translated(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The schema's Indonesian messages in the page's language (the messages are msgids)."""
    return {name: [_(message) for message in messages] for name, messages in errors.items()}


def _complaint_input(form, zone: ZoneInfo) -> dict[str, Any]:
    """The form as the schema reads it: the local moment given its agency's offset; a box ticked or not."""
    data: dict[str, Any] = {name: form.get(name, "") for name in FORM_FIELDS}
    moment = data["occurred_at"].strip()
    try:
        data["occurred_at"] = datetime.strptime(moment, LOCAL_MOMENT).replace(tzinfo=zone).isoformat()
    except ValueError:
        if not moment:
            data.pop("occurred_at")
    data["anonymous"] = form.get("anonymous") == "1"
    data["confidential"] = form.get("confidential") == "1"
    return data


def _form_page(tenant, values: dict, errors: dict, status: int = 200, headers: dict | None = None):
    services = filing.published_services()
    return render_template(
        "public/complaint_form.html", tenant=tenant, services=services, values=values, errors=_translated(errors),
        components=[(code, vocabulary.LABELS[code]) for code in vocabulary.COMPONENTS],
        conducts=[(code, vocabulary.LABELS[code]) for code in vocabulary.CONDUCTS],
        max_moment=clock_now(ZoneInfo(tenant.timezone)).strftime(LOCAL_MOMENT),
    ), status, headers or {}


@blueprint.get("/p/<slug>")
def public_agency(slug: str):
    tenant = enter_public_tenant(slug)
    services = [(service, filing.published_standard(service)) for service in filing.published_services()]
    return render_template("public/agency.html", tenant=tenant, services=services)


@blueprint.get("/p/<slug>/lacak")
def public_find_case(slug: str):
    """The tracking form on the agency's page: to the case's page, or back with a message."""
    tenant = enter_public_tenant(slug)
    code = tracking.normalise_code(request.args.get("kode", ""))
    if not code:
        flash(_("Isi kode pelacakan Anda."), "error")
        return redirect(url_for("web.public_agency", slug=tenant.slug))
    return redirect(url_for("web.public_case", slug=tenant.slug, code=tracking.display_code(code)))


@blueprint.route("/p/<slug>/pengaduan", methods=["GET", "POST"])
def public_complaint(slug: str):
    tenant = enter_public_tenant(slug)
    if request.method == "GET":
        return _form_page(tenant, {"service": request.args.get("layanan", "")}, {})
    zone = ZoneInfo(tenant.timezone)
    values = request.form.to_dict()
    try:
        limit = before_writing()
        data = PublicComplaintSchema().load(_complaint_input(request.form, zone))
        complaint = filing.file_complaint(tenant, data, clock_now(zone), decrees())
        written(limit)
    except ValidationError as exc:
        return _form_page(tenant, values, flatten_errors(exc.messages), 422)
    except TooManyRequests as exc:
        return _form_page(tenant, values, {"_schema": [exc.message]}, 429, exc.headers)
    except DomainError as exc:
        return _form_page(tenant, values, exc.fields or {"_schema": [exc.message]}, 422)
    flash(_("Pengaduan Anda telah diterima. Simpan kode pelacakan ini untuk mengikuti penanganannya."), "success")
    return redirect(url_for("web.public_case", slug=tenant.slug, code=tracking.display_code(complaint.tracking_code)))


def _case_page(tenant, complaint, errors: dict | None = None, status: int = 200, headers: dict | None = None):
    view = citizen_view(complaint)
    return render_template("public/case.html", tenant=tenant, view=view, code=tracking.display_code(view.tracking_code),
                           status_label=status_label(view.status), labels=vocabulary.LABELS,
                           zone=ZoneInfo(tenant.timezone), errors=_translated(errors or {}),
                           reason=request.form.get("reason", "")), status, headers or {}


@blueprint.get("/p/<slug>/lacak/<code>")
def public_case(slug: str, code: str):
    tenant = enter_public_tenant(slug)
    return _case_page(tenant, case_of_code(code))


@blueprint.post("/p/<slug>/lacak/<code>/kompensasi/<compensation_id>")
def public_answer_compensation(slug: str, code: str, compensation_id: str):
    tenant = enter_public_tenant(slug)
    complaint = case_of_code(code)
    try:
        limit = before_writing()
        data = ReceiptSchema().load({"received": request.form.get("received", ""), "note": request.form.get("note", "")})
        responses.answer_compensation(complaint, compensation_id, data["received"], data["note"])
        written(limit)
    except ValidationError as exc:
        return _case_page(tenant, complaint, flatten_errors(exc.messages), 422)
    except TooManyRequests as exc:
        return _case_page(tenant, complaint, {"_schema": [exc.message]}, 429, exc.headers)
    flash(_("Terima kasih, jawaban Anda telah dicatat."), "success")
    return redirect(url_for("web.public_case", slug=tenant.slug, code=tracking.display_code(complaint.tracking_code)))


@blueprint.post("/p/<slug>/lacak/<code>/keberatan")
def public_objection(slug: str, code: str):
    tenant = enter_public_tenant(slug)
    complaint = case_of_code(code)
    try:
        limit = before_writing()
        data = KeberatanSchema().load({"reason": request.form.get("reason", "")})
        responses.object_to_outcome(complaint, data["reason"])
        written(limit)
    except ValidationError as exc:
        return _case_page(tenant, complaint, flatten_errors(exc.messages), 422)
    except TooManyRequests as exc:
        return _case_page(tenant, complaint, {"_schema": [exc.message]}, 429, exc.headers)
    except DomainError as exc:
        return _case_page(tenant, complaint, exc.fields or {"_schema": [exc.message]}, 409)
    flash(_("Keberatan Anda telah dicatat dan diteruskan kepada pimpinan."), "success")
    return redirect(url_for("web.public_case", slug=tenant.slug, code=tracking.display_code(complaint.tracking_code)))
