"""The provincial view's decree pages: the decree matrix (``/provinsi/matriks``) and the
what-if replay of an agency's past cases (``/t/<slug>/andaikan``). The side-by-side comparison
is ``/bandingkan`` (core/web/decrees/decisions.py). ``?format=csv`` or ``?format=xlsx`` downloads the
page's table (core/http/table_export.py)."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import vocabulary
from core.access import policy
from core.province.decree_matrix import COVERED, GAPS, decree_matrix, matrix_table
from core.platform.domain_errors import Forbidden, Invalid
from core.http.extensions import decrees
from core.province.directory import province_for, provinces_of
from core.province.replay import check_target, period_of, replay, replay_targets, replay_table, summary_only
from core.http.table_export import export_rows, format_of
from core.timekeeping.clock import now
from core.web.base import blueprint, tenant_page


def _day(text: str | None) -> date:
    if not text:
        return now().date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(_("tanggal: tulis sebagai YYYY-MM-DD"), {"tanggal": ["YYYY-MM-DD"]}) from None


@blueprint.get("/provinsi/matriks")
@login_required
def decree_matrix_page():
    """Every component and category against each agency's decree, with clauses and gaps."""
    if not policy.may_view_provinces(current_user):
        raise Forbidden("your role may not read the provincial view (province.view)")
    provinces = provinces_of(current_user)
    code = request.args.get("provinsi") or current_user.province_code or (provinces[0][0] if provinces else None)
    if code is None:
        abort(404)
    province = province_for(current_user, code)
    on = _day(request.args.get("tanggal"))
    fmt = format_of(request.args.get("format"))
    matrix = decree_matrix(decrees(), province, on)
    if fmt is not None:
        return export_rows(*matrix_table(matrix), fmt, f"matriks-keputusan-{code}-{on.isoformat()}")
    return render_template("province_matrix.html", matrix=matrix, provinces=provinces, code=code, on=on,
                           labels=vocabulary.LABELS, covered=COVERED, gaps=GAPS)


@blueprint.get("/t/<slug>/andaikan")
@tenant_page("decree.replay")
def replay_page(tenant):
    """The agency's past cases of a period replayed under another decree."""
    registry = decrees()
    targets = [registry.info(name) for name in replay_targets(registry)]
    period_text, plugin = request.args.get("periode"), request.args.get("keputusan")
    result, errors, detail = None, {}, policy.can(current_user, "decree.replay_detail", tenant)
    if period_text is not None or plugin is not None:
        try:
            fmt = format_of(request.args.get("format"))
            period = period_of(period_text)
            plugin = check_target(registry, plugin)
            result = replay(registry, tenant, period, plugin)
        except Invalid as exc:
            errors = exc.fields
        else:
            if not detail:
                result = summary_only(result)
            if fmt is not None:
                return export_rows(*replay_table(result, detail), fmt, f"andaikan-{tenant.slug}-{period.label}-{plugin}")
    return render_template("replay.html", tenant=tenant, targets=targets, result=result, errors=errors,
                           detail=detail, period=period_text or "", plugin=plugin or "",
                           labels=vocabulary.LABELS), 422 if errors else 200


@blueprint.app_context_processor
def _province_links() -> dict:
    """What the home page needs to link these pages: whether the user reads provinces, and
    whether it may replay an agency's cases."""
    return {"reads_provinces": lambda: current_user.is_authenticated and policy.may_view_provinces(current_user),
            "may_replay": lambda tenant: current_user.is_authenticated and policy.can(current_user, "decree.replay", tenant)}
