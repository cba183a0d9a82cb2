"""A signed-in user changes their own password (/akun/kata-sandi): the current one checked and
counted like a sign-in, every refused field named, other sessions signed out, tokens kept."""

from __future__ import annotations

import re

import pytest

from tests.conftest import auth

OLD, NEW = "rahasia-123", "kata-sandi-baru-2026"


def _token(client, url="/akun/kata-sandi") -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _signed_in(app, user, password=OLD):
    client = app.test_client()
    answer = client.post("/login", data={"email": user.email, "password": password, "csrf_token": _token(client, "/login")})
    return client, answer.status_code


def _change(client, current=OLD, new=NEW, repeat=NEW):
    return client.post("/akun/kata-sandi", data={"current_password": current, "new_password": new,
                                                  "repeat_password": repeat, "csrf_token": _token(client)})


@pytest.mark.parametrize("role", ["petugas", "pimpinan", "admin_dinas", "admin_provinsi", "admin_platform"])
def test_every_user_finds_the_page_from_the_header(app, make_tenant, make_user, role):
    tenant = make_tenant("dinas-a", plugin="fiktif_2020") if role not in ("admin_provinsi", "admin_platform") else None
    user = make_user(role, tenant, province_code="32") if role == "admin_provinsi" else make_user(role, tenant)
    client, _ = _signed_in(app, user)
    assert 'href="/akun/kata-sandi"' in client.get("/").get_data(as_text=True)
    page = client.get("/akun/kata-sandi").get_data(as_text=True)
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page


def test_a_change_signs_out_other_sessions_and_keeps_this_one_and_the_tokens(app, make_tenant, make_user):
    user = make_user("petugas", make_tenant("dinas-a", plugin="fiktif_2020"))
    here, _ = _signed_in(app, user)
    elsewhere, _ = _signed_in(app, user)
    answer = _change(here)
    assert answer.status_code == 303 and answer.location.endswith("/")
    assert here.get("/").status_code == 200  # this session goes on
    assert elsewhere.get("/").status_code == 302  # the other one is signed out
    assert _signed_in(app, user, OLD)[1] == 401
    assert _signed_in(app, user, NEW)[1] == 302
    assert app.test_client().get("/api/v1/tenants/dinas-a/worklists", headers=auth(user)).status_code == 200


@pytest.mark.parametrize(("current", "new", "repeat", "fields"), [
    ("salah-sekali", NEW, NEW, {"current_password"}),
    (OLD, "pendek", "pendek", {"new_password"}),
    (OLD, NEW, NEW + "x", {"repeat_password"}),
    (OLD, OLD, OLD, {"new_password"}),
    (OLD, "x" * 300, "x" * 300, {"new_password"}),
    ("", "", "", {"current_password", "new_password"}),
    ("x" * 100_000, NEW, NEW, {"current_password"}),
])
def test_a_refused_change_names_each_field_and_changes_nothing(app, make_tenant, make_user, current, new, repeat, fields):
    user = make_user("pimpinan", make_tenant("dinas-a", plugin="fiktif_2020"))
    client, _ = _signed_in(app, user)
    answer = _change(client, current, new, repeat)
    body = answer.get_data(as_text=True)
    assert answer.status_code == 422
    named = set(re.findall(r'<p id="(\w+)-error" class="field-error">', body))
    assert named == fields, body
    assert new not in body or new == ""  # nothing typed is shown back
    assert client.get("/").status_code == 200 and _signed_in(app, user, OLD)[1] == 302


def test_wrong_current_passwords_are_counted_like_sign_ins(app, make_tenant, make_user):
    user = make_user("petugas", make_tenant("dinas-a", plugin="fiktif_2020"))
    client, _ = _signed_in(app, user)
    for _ in range(app.config["LOGIN_RATE_LIMIT"]):
        assert _change(client, current="tebakan-salah").status_code == 422
    answer = _change(client)  # even the right one, until the window passes
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) > 0
    assert _signed_in(app, user, OLD)[1] == 429  # the sign-in form counts the same attempts


def test_without_sign_in_or_csrf_nothing_changes(app, make_tenant, make_user):
    user = make_user("petugas", make_tenant("dinas-a", plugin="fiktif_2020"))
    anonymous = app.test_client()
    assert anonymous.get("/akun/kata-sandi").status_code == 302
    assert anonymous.post("/akun/kata-sandi", data={"current_password": OLD}).status_code in (302, 400)
    client, _ = _signed_in(app, user)
    forged = client.post("/akun/kata-sandi", data={"current_password": OLD, "new_password": NEW, "repeat_password": NEW})
    assert forged.status_code == 400
    assert _signed_in(app, user, OLD)[1] == 302
