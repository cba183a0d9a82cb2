"""The application factory."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from flask import Flask, after_this_request, g, request
from flask_babel import Babel, get_locale
from flask_login import LoginManager
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from core.platform import config as settings
from core.casework import notices
from core.http import errors, url_tenant
from core.jobs import scheduler
from core.models import scope
from core.platform import db, field_crypto
from core.api import PREFIX as API_PREFIX
from core.api import api, blp as api_blueprint
from core.api.citizen import blp as public_api_blueprint
from core.cli import register_commands
from core.decrees.registry import DecreeRegistry
from core.models import User
from core.access.security import holder_of_token, record_use, use_is_worth_recording
from core.web import blueprint as web_blueprint

API_SETTINGS = {
    "API_TITLE": "kompensasi", "API_VERSION": "1", "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": API_PREFIX, "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {"description": "Kompensasi pelayanan publik: service standards, cases and decree decisions."},
        "security": [{"bearer": []}],
    },
}
# No inline script or style anywhere: the pages load core/static/app.css and nothing else.
CSP = {"default-src": "'self'", "img-src": "'self' data:", "form-action": "'self'", "frame-ancestors": "'none'",
       "base-uri": "'self'", "object-src": "'none'"}
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


def _select_locale() -> str:
    """Bahasa Indonesia unless the user chose English (``?lang=en`` or the ID · EN switch)."""
    chosen = request.args.get("lang") or request.cookies.get("lang")
    return chosen if chosen in ("id", "en") else "id"


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    settings.load(app.config)
    if test_config:
        app.config.update(test_config)
    settings.derive(app.config)
    settings.check(app.config)
    field_crypto.configure(app.config["FIELD_KEY"])

    engine = db.make_engine(app.config["DATABASE_URL"])
    db.bind(engine)
    app.extensions["engine"] = engine

    app.extensions["decrees"] = DecreeRegistry(only=app.config["PLUGINS"])

    if app.config["PROXY_HOPS"]:
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    production = app.config["ENV"] == "production"
    Talisman(
        app, content_security_policy=CSP, force_https=production, strict_transport_security=production,
        session_cookie_secure=production, frame_options="DENY", referrer_policy="same-origin",
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale, default_translation_directories=str(Path(__file__).parent / "translations"))
    app.jinja_env.globals["get_locale"] = get_locale
    login_manager.init_app(app)
    login_manager.login_view = "web.login"

    @login_manager.user_loader
    def _load_user(session_id: str):
        """The pages' door: the session cookie (user id and the user's current session nonce).
        It does not open the API."""
        if request.path.startswith(API_PREFIX):
            return None
        user_id, _, nonce = session_id.partition(":")
        user = db.Session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.session_nonce == nonce else None

    @login_manager.request_loader
    def _load_user_from_token(req):
        """The API's door: a bearer token, so ``current_user`` means the same on both sides."""
        header = req.headers.get("Authorization", "")
        if not req.path.startswith(API_PREFIX) or not header.startswith("Bearer "):
            return None
        g.bearer_token_given = True
        holder = holder_of_token(db.Session, header.removeprefix("Bearer ").strip(), (req.view_args or {}).get("slug"))
        if holder is None:
            return None
        if "slug" in (req.view_args or {}):
            url_tenant.prefetched(req.view_args["slug"], holder.url_tenant)
        now = datetime.now(timezone.utc)
        if use_is_worth_recording(holder, now):
            after_this_request(lambda response: _record_use_after(response, holder.token_id, now))
        return holder.user

    def _record_use_after(response, token_id: int, now: datetime):
        response.call_on_close(lambda: record_use(engine, token_id, now))
        return response

    @app.before_request
    def _notices_by_email():
        g.notices_token = notices.by_email(bool(app.config.get("SMTP_URL")))

    @app.teardown_request
    def _notices_done(_exc):
        token = g.pop("notices_token", None)
        if token is not None:
            notices.reset(token)

    @app.teardown_appcontext
    def _remove_session(_exc):
        db.Session.remove()

    @app.teardown_request
    def _leave_tenant(_exc):
        token = g.pop("tenant_scope_token", None)
        if token is not None:
            scope.leave(token)

    errors.register(app)
    app.config.update(API_SETTINGS)
    api.init_app(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    csrf.exempt(api_blueprint)
    # An evidence upload raises the body limit before reading its form, whose own CSRF token it checks then.
    csrf.exempt("core.web.case_files.upload_evidence_page")
    # So do the tenant admin's uploads: the catalogue's CSV (and its confirmation) and the logo.
    for view in ("catalogue.admin_import_preview", "catalogue.admin_import_apply", "letterhead.admin_logo"):
        csrf.exempt(f"core.web.tenant_admin.{view}")
    api.register_blueprint(api_blueprint)
    csrf.exempt(public_api_blueprint)
    api.register_blueprint(public_api_blueprint)
    app.register_blueprint(web_blueprint)
    register_commands(app)
    if app.config["SCHEDULER_IN_PROCESS"]:
        scheduler.start_in_process(app)
    return app
