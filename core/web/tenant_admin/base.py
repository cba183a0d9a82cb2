"""What the tenant admin's pages share: the page with its tenant, a refusal shown on the form or
flashed, the deadlines moved by a calendar change, an upload read within its limit."""

from __future__ import annotations

import functools
from zoneinfo import ZoneInfo

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.validators import ValidationError as CsrfInvalid

from core import vocabulary
from core.platform.domain_errors import DomainError, TooLarge

ROLE_LABELS = {"petugas": _l("Petugas"), "pimpinan": _l("Pimpinan"), "admin_dinas": _l("Admin dinas")}
MULTIPART_OVERHEAD = 64 * 1024


def admin_page(template: str, tenant, status: int = 200, **context):
    return render_template(template, tenant=tenant, zone=ZoneInfo(tenant.timezone), labels=vocabulary.LABELS,
                           role_labels=ROLE_LABELS, **context), status


def refusal_fields(exc: DomainError) -> dict[str, list[str]]:
    return exc.fields or {"_schema": [exc.message]}


def flash_refusal(exc: DomainError) -> None:
    details = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.fields.items())
    flash(exc.message + (f" ({details})" if details else ""), "error")


def flash_moved(count: int) -> None:
    flash(_("Tersimpan. %(count)s tenggat permohonan terbuka dihitung ulang dan bergeser.", count=count), "info")


def upload_page(limit: int, field: str):
    """An upload form: the body may be ``limit`` bytes of file (plus framing); its CSRF token is
    checked here, after the limit is raised (the view is exempt from the global check)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            # a preview's confirmation carries the file's text in a form field, escaped: room for it
            request.max_content_length = request.max_form_memory_size = limit * 3 + MULTIPART_OVERHEAD
            try:
                validate_csrf(request.form.get("csrf_token"))
            except RequestEntityTooLarge:
                raise TooLarge(f"the file is larger than {limit} bytes", {field: [f"at most {limit} bytes"]}) from None
            except CsrfInvalid as exc:
                raise CSRFError(str(exc)) from None
            return view(*args, **kwargs)

        return wrapper

    return decorate
