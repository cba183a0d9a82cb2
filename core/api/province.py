"""The provincial view's API: ``GET /api/v1/provinces/<code>/indicators?period=…``. Its
admin_provinsi and the platform's admin only; anyone else gets a 404, as for another agency."""

from __future__ import annotations

import functools
from datetime import datetime, timezone

from flask import current_app
from flask_login import current_user

from core.access import policy
from core.province import figure_cases, figures as province
from core.api.base import blp, errors_documented
from core.api.province_schemas import BehindSchema, FigureQuerySchema, PeriodQuerySchema, ProvinceIndicatorsSchema
from core.platform.domain_errors import NotFound
from core.http.extensions import decrees
from core.http.url_tenant import enter_tenant_of_url


def _agency(agency: province.AgencyFigures, show_names: bool) -> dict:
    figures = agency.indicators
    offenders = [{"officer": name if show_names else f"Petugas {number}", "upheld": count}
                 for number, (name, count) in enumerate(figures.repeat_offenders.items(), start=1)]
    return {
        "slug": agency.tenant.slug, "name": agency.tenant.name, "decree": agency.decree,
        "compensation_decree": agency.compensation_decree, "served": figures.served,
        "share_on_time": figures.share_on_time, "response_median_hours": figures.median("response_hours"),
        "completion_median_hours": figures.median("completion_hours"), "breaches": figures.breaches,
        "breaches_per_1000": figures.breaches_per_1000,
        "breaches_per_1000_by_component": figures.breaches_per_1000_by("breach_component"),
        "breaches_per_1000_by_category": figures.breaches_per_1000_by("breach_category"),
        "complaints": figures.complaints, "share_upheld": figures.share_upheld,
        "compensation_median_hours": figures.median("compensation_hours"),
        "compensation_p90_hours": figures.p90("compensation_hours"),
        "share_compensation_on_time": figures.share_compensation_on_time, "sanctions": figures.sanctions,
        "overrides": figures.overrides, "maladministration": figures.maladministration,
        "repeat_offenders": offenders, "open_overdue": figures.open_overdue, "open_overdue_on": figures.open_overdue_on,
        "score": figures.score, "zone": figures.zone, "rankable": agency.rankable, "rank": agency.rank,
    }


def province_route(view):
    """The province of the URL, checked before anything else is read (404 if not the user's)."""

    @functools.wraps(view)
    def wrapper(*args, province_code: str, **kwargs):
        if not policy.can_see_province(current_user, province_code):
            raise NotFound("province")
        return view(*args, province_code=province_code, **kwargs)

    return wrapper


@blp.route("/provinces/<province_code>/indicators")
@province_route
@errors_documented(401, 404)
@blp.arguments(PeriodQuerySchema, location="query")
@blp.response(200, ProvinceIndicatorsSchema)
def province_indicators(query, province_code):
    """Each agency of the province in the period: requests served and on time, breaches per 1,000
    by component and category, complaints and the share upheld, complaint→compensation time, the
    share of compensation given in time, sanctions, overrides, open overdue cases, the compliance
    score and its Ombudsman zone, and the rank (agencies with too few requests are not ranked)."""
    minimum = int(current_app.config.get("PROVINCE_MIN_REQUESTS", province.MIN_REQUESTS))
    period = query["period"]
    agencies = province.province_figures(decrees(), province_code, period, minimum)
    return {"code": province_code, "name": agencies[0].tenant.province_name, "period": period.label,
            "minimum_requests": minimum, "formulas": province.FORMULAS,
            "agencies": [_agency(a, policy.can(current_user, "officer.names", a.tenant)) for a in agencies]}


def province_agency_route(view):
    """The agency of the URL, in the province of the URL, entered as the scope before the query
    is read (any other agency is a 404, whatever the query says)."""

    @functools.wraps(view)
    def wrapper(*args, province_code: str, slug: str, **kwargs):
        tenant = enter_tenant_of_url(slug, current_user)
        if not policy.may_open_figure(current_user, tenant, province_code):
            raise NotFound("tenant")
        return view(*args, province_code=province_code, tenant=tenant, **kwargs)

    return wrapper


@blp.route("/provinces/<province_code>/agencies/<slug>/behind")
@province_route
@province_agency_route
@errors_documented(401, 404)
@blp.arguments(FigureQuerySchema, location="query")
@blp.response(200, BehindSchema)
def figure_behind(query, province_code, tenant):
    """The cases (or requests) one figure of one agency counts in the period, newest first: what
    each figure of the indicators links to on the page. Cases keyed by an officer's name only to
    those who may see names."""
    if not policy.may_open_figure(current_user, tenant, province_code, query["figure"]):
        raise NotFound("tenant")
    behind = figure_cases.rows_behind(tenant, query["period"], query["figure"], query["key"],
                                      datetime.now(timezone.utc))
    answer = {"figure": behind.figure, "key": behind.key, "period": query["period"].label, "limit": figure_cases.SHOWN}
    if behind.shows_cases:
        answer["cases"] = behind.cases
    if behind.shows_requests:
        answer["requests"] = behind.requests
    return answer
