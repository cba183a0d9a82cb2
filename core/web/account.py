"""The signed-in user's own account page: ``/akun/kata-sandi``, changing one's password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from core.access import accounts
from core.platform.db import Session
from core.platform.domain_errors import DomainError, TooManyRequests
from core.http.errors import status_of
from core.web import _rate_limit, blueprint

FIELDS = ("current_password", "new_password", "repeat_password")


@blueprint.get("/akun/kata-sandi")
@login_required
def password_page():
    return render_template("account_password.html", errors={}, min_length=accounts.MIN_PASSWORD)


@blueprint.post("/akun/kata-sandi")
@login_required
def change_password():
    values = {name: request.form.get(name, "") for name in FIELDS}
    try:
        accounts.change_password(current_user, *values.values(), _rate_limit())
    except DomainError as exc:
        Session.rollback()
        headers = exc.headers if isinstance(exc, TooManyRequests) else {}
        errors = exc.fields or {"_schema": [_("Terlalu banyak percobaan. Coba lagi nanti.")
                                            if isinstance(exc, TooManyRequests) else exc.message]}
        return render_template("account_password.html", errors=errors,
                               min_length=accounts.MIN_PASSWORD), status_of(exc), headers
    Session.commit()
    login_user(current_user._get_current_object())  # this session goes on under the new nonce
    flash(_("Kata sandi diganti. Sesi di perangkat lain telah dikeluarkan."), "info")
    return redirect(url_for("web.home"), 303)
