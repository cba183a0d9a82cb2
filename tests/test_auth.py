"""Sign-in: argon2 passwords, CSRF on forms, a rate limit shared by all workers, API tokens."""

from __future__ import annotations

import re

from sqlalchemy import select

from core import create_app
from core.platform.db import Session
from core.models import ApiToken
from tests.conftest import auth


def _csrf(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_login_page_is_served(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "Masuk" in response.get_data(as_text=True)


def test_interface_is_indonesian_first_english_second(client):
    assert "Kata sandi" in client.get("/login").get_data(as_text=True)
    assert "Password" in client.get("/login?lang=en").get_data(as_text=True)
    client.get("/lang/en")
    assert "Sign in" in client.get("/login").get_data(as_text=True)


def test_sign_in_and_out(app, make_tenant, make_user):
    tenant = make_tenant("dinas-a")
    make_user("petugas", tenant, email="petugas@a.id")
    client = app.test_client()
    response = client.post("/login", data={"email": "petugas@a.id", "password": "rahasia-123", "csrf_token": _csrf(client)})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200 and "Dinas dinas-a" in home.get_data(as_text=True)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_form_without_csrf_token_is_refused(app, make_tenant, make_user):
    make_user("petugas", make_tenant("dinas-a"), email="petugas@a.id")
    response = app.test_client().post("/login", data={"email": "petugas@a.id", "password": "rahasia-123"})
    assert response.status_code == 400


def test_wrong_password_is_refused(app, make_tenant, make_user):
    make_user("petugas", make_tenant("dinas-a"), email="petugas@a.id")
    client = app.test_client()
    response = client.post("/login", data={"email": "petugas@a.id", "password": "salah", "csrf_token": _csrf(client)})
    assert response.status_code == 401
    assert client.get("/").status_code == 302


def test_passwords_are_argon2_hashes(app, make_tenant, make_user):
    from core.models import User

    make_user("petugas", make_tenant("dinas-a"), email="petugas@a.id")
    with app.app_context():
        stored = Session.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$") and "rahasia-123" not in stored


def test_rate_limit_is_shared_across_worker_processes(app, database_url, make_tenant, make_user):
    """Two app instances (as two gunicorn workers) share one count, kept in the database."""
    make_user("petugas", make_tenant("dinas-a"), email="petugas@a.id")
    other_worker = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test"})
    workers = [app.test_client(), other_worker.test_client()]
    limit = app.config["LOGIN_RATE_LIMIT"]
    statuses = []
    for attempt in range(limit + 2):
        client = workers[attempt % 2]
        statuses.append(client.post("/login", data={"email": "petugas@a.id", "password": "salah", "csrf_token": _csrf(client)}).status_code)
    assert statuses[:limit] == [401] * limit
    assert statuses[limit:] == [429, 429]
    client = workers[0]
    blocked = client.post("/login", data={"email": "petugas@a.id", "password": "rahasia-123", "csrf_token": _csrf(client)})
    assert blocked.status_code == 429, "the right password does not lift the limit early"
    other_worker.extensions["engine"].dispose()


def test_api_needs_a_token(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_api_tokens_are_stored_hashed(app, make_tenant, make_user):
    user = make_user("petugas", make_tenant("dinas-a"))
    response = app.test_client().get("/api/v1/me", headers=auth(user))
    assert response.status_code == 200 and response.get_json()["role"] == "petugas"
    with app.app_context():
        digests = Session.scalars(select(ApiToken.digest)).all()
    assert user.token not in digests and len(digests[0]) == 64


def test_both_doors_give_the_same_current_user_but_the_cookie_does_not_open_the_api(app, make_tenant, make_user):
    """Pages sign in with the session cookie, the API with a bearer token (flask-login's request
    loader); a page's cookie alone never reaches the API, so no page can be made to call it."""
    tenant = make_tenant("dinas-a")
    user = make_user("petugas", tenant, email="petugas@a.id")
    client = app.test_client()
    client.post("/login", data={"email": "petugas@a.id", "password": "rahasia-123", "csrf_token": _csrf(client)})
    assert client.get("/").status_code == 200
    refused = client.get("/api/v1/me")
    assert refused.status_code == 401 and "Bearer" in refused.get_json()["error"]["message"]
    me = client.get("/api/v1/me", headers=auth(user)).get_json()
    assert (me["id"], me["role"]) == (user.id, "petugas")
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer kmp_tidak-ada"})
    assert bad.status_code == 401 and "revoked" in bad.get_json()["error"]["message"]


def test_a_deactivated_user_is_shut_out_of_both_doors(app, make_tenant, make_user):
    from core.models import User

    tenant = make_tenant("dinas-a")
    user = make_user("petugas", tenant, email="petugas@a.id")
    with app.app_context():
        Session.get(User, user.id).active = False
        Session.commit()
    assert app.test_client().get("/api/v1/me", headers=auth(user)).status_code == 401


def test_roles_are_defined_once_and_every_listing_reads_them():
    from click import Choice

    from core import vocabulary
    from core.access import policy
    from core.cli import users_create
    from core.demo.logins import DEMO_LOGINS

    assert set(DEMO_LOGINS) == set(vocabulary.ROLES)
    role_option = next(p for p in users_create.params if p.name == "role")
    assert isinstance(role_option.type, Choice) and tuple(role_option.type.choices) == vocabulary.ROLES
    for allowed in (*policy.PERMISSIONS.values(), *policy.CROSS_TENANT_PERMISSIONS.values()):
        assert allowed <= set(vocabulary.ROLES)


def test_signing_out_ends_the_session_on_the_server(app, make_tenant, make_user):
    """The old session cookie, replayed after sign-out, opens nothing."""
    tenant = make_tenant("dinas-a")
    make_user("petugas", tenant, email="petugas@a.id")
    client = app.test_client()
    client.post("/login", data={"email": "petugas@a.id", "password": "rahasia-123", "csrf_token": _csrf(client)})
    assert client.get("/").status_code == 200
    stolen = client.get_cookie("session").value
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/").status_code == 302, "back to the sign-in page"


def test_tokens_expire_are_listed_and_revoked_at_once(app, runner, make_tenant, make_user):
    from datetime import datetime, timedelta, timezone

    tenant = make_tenant("dinas-a")
    user, other = make_user("petugas", tenant, email="petugas@a.id"), make_user("pimpinan", tenant, email="pimpinan@a.id")
    client = app.test_client()
    mine = client.get("/api/v1/me/tokens", headers=auth(user)).get_json()
    assert len(mine) == 1 and mine[0]["revoked_at"] is None and mine[0]["expires_at"]
    theirs = client.get("/api/v1/me/tokens", headers=auth(other)).get_json()[0]
    assert client.delete(f"/api/v1/me/tokens/{theirs['id']}", headers=auth(user)).status_code == 404
    second = runner.invoke(args=["users", "token", "petugas@a.id", "--name", "kedua", "--days", "1"]).output.strip()
    listed = runner.invoke(args=["users", "tokens", "petugas@a.id"]).output
    assert "kedua" in listed and listed.count("active") == 2
    assert client.delete(f"/api/v1/me/tokens/{mine[0]['id']}", headers=auth(user)).status_code == 204
    assert client.get("/api/v1/me", headers=auth(user)).status_code == 401, "a revoked token is refused at once"
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    second_id = int(runner.invoke(args=["users", "tokens", "petugas@a.id"]).output.splitlines()[-1].split()[0])
    assert runner.invoke(args=["users", "revoke", str(second_id)]).exit_code == 0
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code == 401
    with app.app_context():
        row = Session.scalar(select(ApiToken).where(ApiToken.name == "api"))
        row.revoked_at, row.expires_at = None, datetime.now(timezone.utc) - timedelta(seconds=1)
        Session.commit()
    assert client.get("/api/v1/me", headers=auth(user)).status_code == 401, "an expired token is refused"
    other_worker = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "test"})
    try:  # another process sees the revocation as soon as it is committed
        assert other_worker.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code == 401
    finally:
        Session.remove()
        other_worker.extensions["engine"].dispose()


def test_the_login_limit_counts_per_account_and_answers_with_retry_after(app, make_tenant, make_user):
    """A colleague's wrong passwords at the same office address do not lock anyone else out."""
    tenant = make_tenant("dinas-a")
    make_user("petugas", tenant, email="ani@a.id")
    make_user("pimpinan", tenant, email="budi@a.id")
    client = app.test_client()
    for _ in range(app.config["LOGIN_RATE_LIMIT"]):
        client.post("/login", data={"email": "ani@a.id", "password": "salah", "csrf_token": _csrf(client)})
    blocked = client.post("/login", data={"email": "ani@a.id", "password": "rahasia-123", "csrf_token": _csrf(client)})
    assert blocked.status_code == 429 and 0 < int(blocked.headers["Retry-After"]) <= app.config["LOGIN_RATE_WINDOW_SECONDS"] + 1
    colleague = client.post("/login", data={"email": "budi@a.id", "password": "rahasia-123", "csrf_token": _csrf(client)})
    assert colleague.status_code == 302


def test_security_headers_and_no_redirect_off_the_site(app, make_tenant, make_user):
    client = app.test_client()
    page = client.get("/login")
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "<style" not in page.get_data(as_text=True) and "<script" not in page.get_data(as_text=True)
    for referrer in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = client.get("/lang/en", headers={"Referer": referrer})
        assert response.headers["Location"].startswith("/"), referrer
        assert "evil" not in response.headers["Location"]
    tenant = make_tenant("dinas-a")
    make_user("petugas", tenant, email="ani@a.id")
    for target, expected in (("https://evil.example/", "/"), ("/t/dinas-a/keputusan", "/t/dinas-a/keputusan")):
        signed = app.test_client()
        response = signed.post(f"/login?next={target}", data={"email": "ani@a.id", "password": "rahasia-123",
                                                             "csrf_token": _csrf(signed)})
        assert response.headers["Location"] == expected
