"""The provincial view's pages: ``/provinsi`` (the national list for the platform's admin, one's
own province for a provincial admin), ``/provinsi/<code>`` (a province's agencies side by side),
its exports, and the cases behind a figure. Read-only; anyone else gets a 404."""

from __future__ import annotations

import functools
from datetime import date, datetime, timezone
from urllib.parse import urlencode

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from core.access import policy
from core.province import charts, figure_cases, figures as province
from core.platform.domain_errors import NotFound
from core.http.extensions import decrees
from core.province.periods import parse_period, previous_month
from core.province.tables import NO_DECREE_TEXT, UNRANKED, national_table, province_tables
from core.http.table_export import export
from core.http.url_tenant import enter_tenant_of_url
from core.web.base import blueprint

ZONE_CSS = {"hijau": "bar zone-hijau", "kuning": "bar zone-kuning", "merah": "bar zone-merah"}


def _minimum() -> int:
    return int(current_app.config.get("PROVINCE_MIN_REQUESTS", province.MIN_REQUESTS))


def _period():
    text = request.args.get("period")
    return previous_month(date.today()) if text is None else parse_period(text)


@blueprint.app_context_processor
def _provincial_view_link() -> dict:
    """The home page's link to the provincial view, for those who may see one."""
    def provincial_view() -> bool:
        user = current_user
        return bool(user and user.is_authenticated and (policy.can_see_nation(user) or (
            user.province_code and policy.can_see_province(user, user.province_code))))
    return {"provincial_view": provincial_view}


def province_page(view):
    """A page of one province: only its admin_provinsi and the platform's admin see it (404 else)."""

    @functools.wraps(view)
    @login_required
    def wrapper(province_code: str, **kwargs):
        if not policy.can_see_province(current_user, province_code):
            raise NotFound("province")
        return view(province_code=province_code, **kwargs)

    return wrapper


def shown(value) -> str:
    """A cell as the page shows it: none as a dash, booleans in words."""
    if value is None:
        return "–"
    if value is True or value is False:
        return _("ya") if value else _("tidak")
    return str(value)


def cells(table, link=None) -> list[list[tuple[str, str | None]]]:
    """A table's rows as (text, link) cells, made here once rather than cell by cell in the template."""
    keys = [key for key, _header in table.columns]
    return [[(shown(row.get(key)), link(table.name, row, key) if link else None) for key in keys]
            for row in table.rows]


FIGURE_TITLES = {
    "complaints": _l("Pengaduan yang diterima dalam periode"),
    "upheld": _l("Pengaduan terbukti"),
    "breach_component": _l("Pengaduan terbukti, menurut komponen"),
    "breach_category": _l("Pengaduan terbukti, menurut kategori keputusan yang berlaku"),
    "maladministration": _l("Pengaduan terbukti, menurut bentuk maladministrasi"),
    "sanction": _l("Kasus dengan sanksi yang ditetapkan dalam periode"),
    "override": _l("Kasus yang ditetapkan lain oleh pimpinan"),
    "officer": _l("Kasus dengan sanksi bagi petugas ini"),
    "compensation_due": _l("Kasus dengan kompensasi jatuh tempo dalam periode"),
    "compensation_late": _l("Kasus dengan kompensasi jatuh tempo dalam periode yang tidak diberikan tepat waktu"),
    "compensated": _l("Kasus dengan kompensasi diberikan dalam periode"),
    "compensation_overdue": _l("Kasus dengan kompensasi lewat tenggat yang belum diberikan"),
    "served": _l("Permohonan yang selesai dalam periode"),
    "served_late": _l("Permohonan yang selesai melewati tenggat"),
    "late_open": _l("Permohonan terbuka yang melewati tenggat"),
    "open_overdue": _l("Permohonan terbuka lewat tenggat dan kompensasi lewat tenggat, saat ini"),
}

# (table, column) -> the figure whose rows a cell opens (core/province/figure_cases.py); "*" takes the
# row's own figure (the breaches table has a component row and a category row).
FIGURE_LINKS = {
    **{("indikator", column): figure for column, figure in (
        ("served", "served"), ("share_on_time", "served_late"), ("response_median_hours", "served"),
        ("completion_median_hours", "served"), ("breaches", "upheld"), ("breaches_per_1000", "upheld"),
        ("complaints", "complaints"), ("share_upheld", "upheld"), ("compensation_median_hours", "compensated"),
        ("compensation_p90_hours", "compensated"), ("share_compensation_on_time", "compensation_late"),
        ("sanctions", "sanction"), ("overrides", "override"), ("open_overdue", "open_overdue"))},
    **{("peringkat", column): figure for column, figure in (
        ("served", "served"), ("share_on_time", "served_late"), ("response_median_hours", "served"),
        ("completion_median_hours", "served"))},
    ("pelanggaran", "count"): "*", ("pelanggaran", "per_1000"): "*",
    ("sanksi", "count"): "sanction", ("maladministrasi", "count"): "maladministration",
    ("pelanggar_berulang", "count"): "officer",
}


def _case_link(code: str, period, allowed: dict[str, bool]):
    """The link from a figure to the cases behind it, for those allowed to see them."""
    bases = {slug: url_for("web.province_cases", province_code=code, slug=slug)
             for slug, may in allowed.items() if may}  # url_for once per agency, not per cell

    def link(table: str, row: dict, key: str) -> str | None:
        figure = FIGURE_LINKS.get((table, key))
        if figure is None or row.get("slug") not in bases:
            return None
        figure = row.get("figure") if figure == "*" else figure
        query = {"period": period.label, "figure": figure}
        if row.get("key"):
            query["key"] = row["key"]
        elif figure in figure_cases.KEYED:
            return None  # an officer shown unnamed: no link that would name them
        return f"{bases[row['slug']]}?{urlencode(query)}"
    return link


def _province(province_code: str):
    period = _period()
    agencies = province.province_figures(decrees(), province_code, period, _minimum())
    this_month = date.today().replace(day=1)
    trend = province.trend([a.tenant for a in agencies], min(period.last, this_month))
    show_names = {a.tenant.id: policy.can(current_user, "officer.names", a.tenant) for a in agencies}
    tables = province_tables(agencies, trend, show_names=all(show_names.values()) if show_names else False)
    return period, agencies, trend, tables


@blueprint.get("/provinsi")
@login_required
def province_home():
    if current_user.role == "admin_provinsi" and policy.can_see_province(current_user, current_user.province_code):
        return redirect(url_for("web.province_view", province_code=current_user.province_code, **request.args))
    if not policy.can_see_nation(current_user):
        raise NotFound("page")
    period = _period()
    table = national_table(province.national(period, _minimum()))

    def link(_table: str, row: dict, key: str) -> str | None:
        return url_for("web.province_view", province_code=row["code"], period=period.label) if key == "name" else None

    return render_template("province/national.html", period=period, table=table, rows=cells(table, link))


@blueprint.get("/provinsi/ekspor/<export_name>")
@login_required
def national_export(export_name: str):
    if not policy.can_see_nation(current_user):
        raise NotFound("page")
    stem, _, fmt = export_name.rpartition(".")
    if stem != "provinsi":
        raise NotFound("table")
    period = _period()
    table = national_table(province.national(period, _minimum()))
    return export(table.columns, table.rows, fmt, f"provinsi_{period}")


@blueprint.get("/provinsi/<province_code>")
@province_page
def province_view(province_code: str):
    period, agencies, trend, tables = _province(province_code)
    ranked = sorted((a for a in agencies if a.rankable), key=lambda a: a.rank)
    ranking_svg = charts.ranking(
        [charts.Bar(a.tenant.name, a.indicators.score, ZONE_CSS.get(a.indicators.zone, "bar")) for a in ranked]
        + [charts.Bar(a.tenant.name, 0, "bar", UNRANKED) for a in agencies if not a.rankable],
        f"Peringkat nilai kepatuhan, {period}")
    trend_svg = charts.trend([(t["month"], t["served"], t["share_on_time"]) for t in trend],
                             "Permohonan selesai dan bagian tepat waktu per bulan")
    allowed = {a.tenant.slug: policy.can(current_user, "province.cases", a.tenant) for a in agencies}
    link = _case_link(province_code, period, allowed)
    shown_tables = [(table, cells(table, link)) for table in tables.values()]
    return render_template(
        "province/province.html", code=province_code, name=agencies[0].tenant.province_name, period=period,
        agencies=agencies, tables=shown_tables, ranking_svg=ranking_svg, trend_svg=trend_svg, formulas=province.FORMULAS,
        weights=province.WEIGHTS, minimum=_minimum(), no_decree=NO_DECREE_TEXT,
        gaps=[a for a in agencies if not a.compensation_decree], national=policy.can_see_nation(current_user))


@blueprint.get("/provinsi/<province_code>/ekspor/<export_name>")
@province_page
def province_export(province_code: str, export_name: str):
    stem, _, fmt = export_name.rpartition(".")
    period, _, _, tables = _province(province_code)
    if stem not in tables:
        raise NotFound("table")
    table = tables[stem]
    return export(table.columns, table.rows, fmt, f"{stem}_{province_code}_{period}")


@blueprint.get("/provinsi/<province_code>/kasus/<slug>")
@province_page
def province_cases(province_code: str, slug: str):
    """The cases (or requests) behind one figure of one agency of the province: when, which
    component, the status and the labels; never who complained, what they wrote, nor the
    applicant. Cases by an officer's name only to those who may see names."""
    tenant = enter_tenant_of_url(slug, current_user)
    figure, key = request.args.get("figure", "complaints"), request.args.get("key", "")
    if not policy.may_open_figure(current_user, tenant, province_code, figure):
        raise NotFound("tenant")
    period = _period()
    behind = figure_cases.rows_behind(tenant, period, figure, key, datetime.now(timezone.utc))
    return render_template("province/cases.html", code=province_code, tenant=tenant, period=period, behind=behind,
                           title=FIGURE_TITLES.get(figure, figure), limit=figure_cases.SHOWN)
