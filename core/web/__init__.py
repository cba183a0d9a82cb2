"""The browser views: sign-in, and each role's start page."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from core.access import policy
from core.platform.db import Session
from core.models import Complaint, ServiceRequest, Tenant, User
from core.platform.domain_errors import Forbidden
from core.access.security import LoginRateLimit, verify_password
from core.http.url_tenant import enter_tenant_of_url
from core.models.scope import tenant_scope

blueprint = Blueprint("web", __name__, template_folder="../templates")


def tenant_page(permission: str):
    """A signed-in page of the tenant in the URL: resolved, scoped and policy-checked in one place."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapper(slug: str, **kwargs):
            tenant = enter_tenant_of_url(slug, current_user)
            if not policy.can(current_user, permission, tenant):
                raise Forbidden(f"your role may not do this ({permission})")
            return view(tenant=tenant, **kwargs)

        return wrapper

    return decorate


def cross_tenant_page(permission: str):
    """A signed-in page that belongs to no single tenant, policy-checked in one place."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapper(**kwargs):
            if not policy.can_across_tenants(current_user, permission):
                raise Forbidden(f"your role may not do this ({permission})")
            return view(**kwargs)

        return wrapper

    return decorate


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Kata sandi", validators=[DataRequired()])


def _rate_limit() -> LoginRateLimit:
    config = current_app.config
    return LoginRateLimit(config["LOGIN_RATE_LIMIT"], config["LOGIN_ADDRESS_RATE_LIMIT"], config["LOGIN_RATE_WINDOW_SECONDS"])


def local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site (``/t/kota-bekasi/keputusan``), else None: a
    redirect never leaves the site, whatever a link or a Referer says."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        if parts.netloc != request.host or parts.scheme not in ("http", "https"):
            return None
        target = parts.path + (f"?{parts.query}" if parts.query else "")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


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


from core.web import decisions  # noqa: E402,F401  (registers the pages)
from core.web import cases  # noqa: E402,F401  (the case pages and work lists)
from core.web import case_files  # noqa: E402,F401  (the case files page)
from core.web import public  # noqa: E402,F401  (the public complaint pages)
from core.web import provinces  # noqa: E402,F401  (the decree matrix and the what-if replay)
from core.web import notices, proposals  # noqa: E402,F401  (inbox, oral claims, proposed sanctions)
from core.web import tenant_admin  # noqa: E402,F401  (the tenant admin pages)
from core.web import province  # noqa: E402,F401  (the provincial view)
from core.web import account  # noqa: E402,F401  (one's own password)
