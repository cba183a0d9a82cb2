"""Signing in and out, the interface language, each role's start page, and one's own password
(``/akun/kata-sandi``)."""

from __future__ import annotations


from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from core.access import policy
from core.platform.db import Session
from core.models import Complaint, ServiceRequest, Tenant, User
from core.access.security import LoginRateLimit, verify_password
from core.models.scope import tenant_scope


from core.access import accounts
from core.platform.domain_errors import DomainError, TooManyRequests
from core.http.errors import status_of
from core.web.base import blueprint, local_path

class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Kata sandi", validators=[DataRequired()])


def _rate_limit() -> LoginRateLimit:
    config = current_app.config
    return LoginRateLimit(config["LOGIN_RATE_LIMIT"], config["LOGIN_ADDRESS_RATE_LIMIT"], config["LOGIN_RATE_WINDOW_SECONDS"])


@blueprint.get("/lang/<code>")
def language(code: str):
    """Remember the interface language (Bahasa Indonesia first, English second)."""
    response = redirect(local_path(request.referrer) or url_for("web.login"))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        account, address = f"email:{email}", f"ip:{request.remote_addr}"
        limit = _rate_limit()
        wait = limit.retry_after(Session, account, address)
        if wait:
            flash(_("Terlalu banyak percobaan masuk. Coba lagi nanti."), "error")
            return render_template("login.html", form=form), 429, {"Retry-After": str(wait)}
        user = Session.scalar(select(User).where(User.email == email))
        if verify_password(user, form.password.data) and user.active:
            limit.succeeded(Session, account)
            login_user(user)
            return redirect(local_path(request.args.get("next")) or url_for("web.home"))
        limit.failed(Session, account, address)
        flash(_("Email atau kata sandi salah."), "error")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("login.html", form=form), status


@blueprint.post("/logout")
@login_required
def logout():
    """Sign out here and everywhere: the session cookie, even replayed, no longer opens a page."""
    current_user.end_sessions()
    Session.commit()
    logout_user()
    return redirect(url_for("web.login"))


@blueprint.route("/")
@login_required
def home():
    tenants = [t for t in Session.scalars(select(Tenant).order_by(Tenant.name)) if policy.can_see_tenant(current_user, t)]
    rows = []
    for tenant in tenants:
        with tenant_scope(tenant.id):
            rows.append({
                "tenant": tenant,
                "requests": Session.scalar(select(func.count()).select_from(ServiceRequest)),
                "complaints": Session.scalar(select(func.count()).select_from(Complaint)),
                "handles_cases": policy.can(current_user, "complaint.write", tenant),
                "administers": policy.can(current_user, "tenant.admin", tenant),
            })
    return render_template("home.html", rows=rows, can_compare=policy.can_across_tenants(current_user, "decision.compare"))



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
