"""The decision page: a head describes a breach and sees what the decree says, clause by clause."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_login import current_user
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from marshmallow import ValidationError
from wtforms import DateTimeLocalField, DecimalField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional

from core import vocabulary
from core.decrees.contract import FactsError
from core.decrees.dispatch import evaluate_for_tenant
from core.decrees.facts import flatten_errors, load_facts
from core.platform.domain_errors import Invalid
from core.http.extensions import decrees
from core.province.directory import province_for
from core.province.side_by_side import columns_for, side_by_side, side_by_side_table
from core.http.table_export import export_rows, format_of
from core.web.base import blueprint, cross_tenant_page, tenant_page
from core.web.labels import LABELS, lazy_label


def _choices(codes, blank: str | None = None) -> list[SelectChoice]:
    options = [SelectChoice(code, lazy_label(code)) for code in codes]
    return ([SelectChoice("", blank)] if blank is not None else []) + options


class BreachForm(FlaskForm):
    component = SelectField(_l("Komponen yang dilanggar"), choices=_choices(vocabulary.COMPONENTS), validators=[DataRequired()])
    conduct = SelectField(_l("Perilaku petugas"), choices=_choices(vocabulary.CONDUCTS, "—"), default="")
    channel = SelectField(_l("Cara pengaduan"), choices=_choices(vocabulary.CHANNELS, _l("— (terdeteksi sistem)")), default="")
    lateness_days = DecimalField(_l("Keterlambatan (hari)"), places=2, validators=[Optional(), NumberRange(min=0)])
    occurred_at = DateTimeLocalField(_l("Waktu kejadian"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    complaint_received_at = DateTimeLocalField(_l("Waktu pengaduan diterima"), format="%Y-%m-%dT%H:%M",
                                               validators=[Optional()])
    user_in_jurisdiction = SelectField(_l("Pengguna berdomisili di wilayah ini?"),
                                       choices=[SelectChoice("", _l("Tidak diketahui")), SelectChoice("1", _l("Ya")),
                                                SelectChoice("0", _l("Tidak"))], default="")
    disruption = SelectField(_l("Gangguan"), choices=_choices(vocabulary.DISRUPTIONS, "—"), default="")

    def facts(self, timezone: ZoneInfo) -> dict[str, Any]:
        raw: dict[str, Any] = {"component": self.component.data}
        for name in ("conduct", "channel", "disruption"):
            if getattr(self, name).data:
                raw[name] = getattr(self, name).data
        if self.lateness_days.data is not None:
            raw["lateness_days"] = float(self.lateness_days.data)
        for name in ("occurred_at", "complaint_received_at"):
            if getattr(self, name).data:
                raw[name] = getattr(self, name).data.replace(tzinfo=timezone).isoformat()
        if self.user_in_jurisdiction.data:
            raw["user_in_jurisdiction"] = self.user_in_jurisdiction.data == "1"
        return raw


def _answer(form: BreachForm, timezone: str, ask) -> tuple[Any, dict[str, list[str]]]:
    """Run ``ask(facts)`` on a submitted form; field errors instead of an answer when the facts are bad."""
    if not form.validate_on_submit():
        return None, {name: list(messages) for name, messages in form.errors.items()}
    return _judged(form, timezone, ask)


def _judged(form: BreachForm, timezone: str, ask) -> tuple[Any, dict[str, list[str]]]:
    """``ask(facts)`` on a validated form, or the fields the facts are refused on."""
    try:
        return ask(load_facts(form.facts(ZoneInfo(timezone)))), {}
    except ValidationError as exc:
        return None, flatten_errors(exc.messages)
    except FactsError as exc:
        return None, exc.fields


@blueprint.route("/t/<slug>/keputusan", methods=["GET", "POST"])
@tenant_page("decision.preview")
def decision_page(tenant):
    form = BreachForm()
    registry = decrees()
    decision, errors = _answer(form, tenant.timezone, lambda facts: evaluate_for_tenant(registry, tenant, facts).to_dict())
    return render_template("decision.html", tenant=tenant, form=form, decision=decision, errors=errors,
                           labels=LABELS), 422 if errors else 200


QUESTIONS = (
    SelectChoice("", _l("Keputusan lengkap")),
    SelectChoice("classify", _l("Jenis pelanggaran saja")),
    SelectChoice("compensate", _l("Kompensasi saja")),
    SelectChoice("sanction", _l("Sanksi petugas saja")),
)


class CompareForm(BreachForm):
    only = SelectField(_l("Pertanyaan"), choices=QUESTIONS, default="")


@blueprint.route("/bandingkan", methods=["GET", "POST"])
@cross_tenant_page("decision.compare")
def compare_page():
    """Same case, every decree: one column per agency the user reads (province and platform
    admins; ``?provinsi=`` narrows to one province) or per installed decree (agency staff), one
    row per question of the three-hook contract; ``only`` keeps one hook's questions."""
    form = CompareForm()
    registry = decrees()
    only = form.only.data or None
    province = request.args.get("provinsi") or None
    columns = _compare_columns(registry, province)
    table, errors = _answer(form, "Asia/Jakarta", lambda facts: side_by_side(registry, facts, columns))
    if table is not None and only is not None:
        table["rows"] = [row for row in table["rows"] if row["hook"] == only]
    download = {name: value for name, value in request.form.items()
                if value and name in form and name != "csrf_token"} | ({"provinsi": province} if province else {})
    return render_template("compare.html", form=form, table=table, errors=errors, only=only,
                           labels=LABELS, download=download), 422 if errors else 200


def _compare_columns(registry, province: str | None):
    """The columns of the comparison: the agencies the user reads (of ``province`` if named:
    404 if it is not the user's) or the installed decrees."""
    if province is not None:
        province_for(current_user, province)
    return columns_for(current_user, registry, province)


@blueprint.get("/bandingkan/ekspor")
@cross_tenant_page("decision.compare")
def compare_export():
    """The comparison of ``/bandingkan`` as a download: the facts are the page's form fields,
    carried in the query by the page's own links (a GET computes and changes nothing, so it needs
    no CSRF token), ``format`` is csv or xlsx. A missing or bad field is a 422 naming it."""
    fmt = format_of(request.args.get("format"))
    if fmt is None:
        raise Invalid("format: choose csv or xlsx", {"format": ["required: csv or xlsx"]})
    registry = decrees()
    province = request.args.get("provinsi") or None
    columns = _compare_columns(registry, province)
    form = CompareForm(formdata=request.args, meta={"csrf": False})
    if form.validate():
        table, errors = _judged(form, "Asia/Jakarta", lambda facts: side_by_side(registry, facts, columns))
    else:
        table, errors = None, {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    if errors:
        raise Invalid("; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()), errors)
    if form.only.data:
        table["rows"] = [row for row in table["rows"] if row["hook"] == form.only.data]
    return export_rows(*side_by_side_table(table), fmt, f"bandingkan-{province or 'semua'}")
