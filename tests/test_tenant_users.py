"""An agency's admin manages its users (issue #11 part 8): create staff of the agency's own roles,
change a role, deactivate and reactivate (never delete); nobody deactivates or demotes themself and
the last active admin_dinas stays; another agency's users are not found; other roles are refused."""

from __future__ import annotations

import pytest

from core.platform.db import Session
from core.models import AuditEvent, User
from core.models.scope import tenant_scope
from core.access.security import verify_password
from tests.conftest import auth

URL = "/api/v1/tenants/dinas-a/users"
NEW = {"email": "Budi@Dinas-A.go.id", "name": "Budi Santoso", "role": "petugas", "password": "kata-sandi-panjang"}


@pytest.fixture
def world(two_tenants, make_user):
    a = two_tenants["dinas-a"]
    return {"admin": a["admin"], "tenant": a["tenant"], "other_admin": two_tenants["dinas-b"]["admin"],
            "petugas": make_user("petugas", a["tenant"]), "pimpinan": make_user("pimpinan", a["tenant"])}


def _get(client, admin, user_id):
    found = client.get(f"{URL}/{user_id}", headers=auth(admin))
    assert found.status_code == 200, found.get_json()
    return found


def _patch(client, admin, user_id, body, etag=None):
    etag = etag or _get(client, admin, user_id).headers["ETag"]
    return client.patch(f"{URL}/{user_id}", headers={**auth(admin), "If-Match": etag}, json=body)


def test_the_admin_creates_a_user_who_can_sign_in_with_the_password(client, world, app):
    created = client.post(URL, headers=auth(world["admin"]), json=NEW)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["email"] == "budi@dinas-a.go.id" and body["role"] == "petugas" and body["active"] is True
    assert "password" not in body and created.headers["ETag"]
    with app.app_context():
        user = Session.get(User, body["id"])
        assert user.password_hash.startswith("$argon2") and verify_password(user, NEW["password"])
        assert user.tenant_id == world["tenant"].id
        with tenant_scope(world["tenant"].id):
            events = Session.query(AuditEvent).filter_by(entity="user", entity_id=str(user.id)).all()
        assert [(e.action, e.actor_id) for e in events] == [("create", world["admin"].id)]
    listed = client.get(URL, headers=auth(world["admin"])).get_json()
    assert "budi@dinas-a.go.id" in [u["email"] for u in listed]


@pytest.mark.parametrize("body, field", [
    ({**NEW, "role": "admin_platform"}, "role"),
    ({**NEW, "role": "admin_provinsi"}, "role"),
    ({**NEW, "email": "bukan-email"}, "email"),
    ({**NEW, "password": "pendek"}, "password"),
    ({**NEW, "name": ""}, "name"),
    ({k: v for k, v in NEW.items() if k != "password"}, "password"),
    ({**NEW, "name": "nul\x00byte"}, "name"),
    ({**NEW, "active": False}, "active"),
])
def test_bad_user_input_is_a_422_naming_the_field(client, world, body, field):
    refused = client.post(URL, headers=auth(world["admin"]), json=body)
    assert refused.status_code == 422, refused.get_json()
    assert field in refused.get_json()["error"]["fields"]


def test_a_used_email_is_a_409_even_in_another_agency(client, world):
    assert client.post(URL, headers=auth(world["admin"]), json=NEW).status_code == 201
    again = client.post("/api/v1/tenants/dinas-b/users", headers=auth(world["other_admin"]), json=NEW)
    assert again.status_code == 409 and "email" in again.get_json()["error"]["fields"]


def test_a_body_that_is_not_json_is_a_400(client, world):
    assert client.post(URL, headers=auth(world["admin"]), data="email=x").status_code == 400


def test_role_change_deactivation_and_reactivation_need_the_current_version(client, world, app):
    user_id = world["petugas"].id
    etag = _get(client, world["admin"], user_id).headers["ETag"]
    assert client.patch(f"{URL}/{user_id}", headers=auth(world["admin"]), json={"role": "pimpinan"}).status_code == 428
    changed = _patch(client, world["admin"], user_id, {"role": "pimpinan"}, etag)
    assert changed.status_code == 200 and changed.get_json()["role"] == "pimpinan"
    stale = _patch(client, world["admin"], user_id, {"role": "petugas"}, etag)
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale"
    off = _patch(client, world["admin"], user_id, {"active": False})
    assert off.status_code == 200 and off.get_json()["active"] is False
    assert client.get("/api/v1/me", headers=auth(world["petugas"])).status_code == 401, "a deactivated user's token stops"
    on = _patch(client, world["admin"], user_id, {"active": True})
    assert on.status_code == 200 and on.get_json()["active"] is True
    with app.app_context(), tenant_scope(world["tenant"].id):
        actions = [e.action for e in Session.query(AuditEvent).filter_by(entity="user", entity_id=str(user_id)).order_by(AuditEvent.at)]
    assert actions == ["update", "deactivate", "reactivate"]


def test_a_role_outside_the_agency_is_refused_on_change(client, world):
    refused = _patch(client, world["admin"], world["petugas"].id, {"role": "admin_platform"})
    assert refused.status_code == 422 and "role" in refused.get_json()["error"]["fields"]


def test_an_admin_cannot_deactivate_or_demote_themself(client, world):
    me = world["admin"].id
    for body, field in (({"active": False}, "active"), ({"role": "petugas"}, "role")):
        refused = _patch(client, world["admin"], me, body)
        assert refused.status_code == 409 and field in refused.get_json()["error"]["fields"], refused.get_json()


def test_the_last_active_admin_cannot_be_removed_by_another_admin(client, world, make_user):
    platform = make_user("admin_platform")
    admin_id = world["admin"].id
    refused = _patch(client, platform, admin_id, {"active": False})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "last_admin"
    refused = _patch(client, platform, admin_id, {"role": "pimpinan"})
    assert refused.status_code == 409 and "role" in refused.get_json()["error"]["fields"]
    second = client.post(URL, headers=auth(world["admin"]), json={**NEW, "role": "admin_dinas"}).get_json()
    assert _patch(client, platform, admin_id, {"active": False}).status_code == 200, "with a second admin it may go"
    assert _patch(client, platform, second["id"], {"active": False}).status_code == 409, "now the second is the last"


def test_another_agencys_users_are_not_found(client, world):
    foreign = world["other_admin"].id
    assert client.get(f"{URL}/{foreign}", headers=auth(world["admin"])).status_code == 404
    assert client.patch(f"{URL}/{foreign}", headers={**auth(world["admin"]), "If-Match": "x"},
                        json={"active": False}).status_code == 404
    assert client.get(f"{URL}/999999", headers=auth(world["admin"])).status_code == 404
    assert client.get("/api/v1/tenants/dinas-b/users", headers=auth(world["admin"])).status_code == 404
    emails = [u["email"] for u in client.get(URL, headers=auth(world["admin"])).get_json()]
    assert world["other_admin"].email not in emails


@pytest.mark.parametrize("role", ["petugas", "pimpinan"])
def test_staff_may_not_manage_users(client, world, role):
    staff = world[role]
    assert client.get(URL, headers=auth(staff)).status_code == 403
    assert client.post(URL, headers=auth(staff), json=NEW).status_code == 403
    assert client.patch(f"{URL}/{staff.id}", headers={**auth(staff), "If-Match": "x"}, json={"role": "admin_dinas"}).status_code == 403
