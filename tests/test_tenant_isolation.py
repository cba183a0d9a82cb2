"""Tenant isolation: one tenant's user never reaches another tenant's rows."""

from __future__ import annotations

import io
import re
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from core import create_app
from core.platform.db import Session
from core.models import CaseDecision, Complaint, Letter, Notification, SanctionProposal, ServiceType
from core.models.scope import TenantScopeError, all_tenants, tenant_scope
from tests.conftest import auth

def _foreign_values(world: dict, own: str, other: str) -> dict[str, list[str]]:
    """For each URL variable, the values a user of ``own`` might try: ids of ``other``'s objects."""
    theirs = world[other]
    return {
        "slug": [own, other],
        "service_type_id": [theirs["service_type"]["id"]],
        "request_id": [theirs["request"]["id"]],
        "complaint_id": [theirs["complaint"]["id"]],
        "day_off_id": [theirs["day_off"]["id"]],
        "kahar_id": [theirs["kahar"]["id"]],
        "code": ["en", theirs["complaint"]["tracking_code"]],
        "token_id": ["999999"],
        "compensation_id": [str(uuid.uuid4())],
        "decision_id": [theirs["complaint"]["id"], str(uuid.uuid4())],  # a case's decision, a compensation item
        "item_id": [theirs["complaint"]["id"], str(uuid.uuid4())],
        "evidence_id": [theirs.get("evidence_id", str(uuid.uuid4()))],
        "letter_id": [theirs.get("letter_id", str(uuid.uuid4()))],
        "notification_id": [theirs.get("notification_id", str(uuid.uuid4()))],
        "proposal_id": [theirs.get("proposal_id", str(uuid.uuid4()))],
        "user_id": [str(theirs["admin"].id)],  # the tenant admin's users (core/access/tenant_users.py)
        "service_id": [theirs["service_type"]["id"]],  # the tenant admin's catalogue page
        # the provincial view: dinas-a is in 32, dinas-b in 18; agency staff see neither
        "province_code": ["32", "18"],
        "export_name": ["indikator.csv", "provinsi.xlsx"],
    }


def _with_case_files(app, world: dict, slug: str) -> None:
    """An evidence file and a letter on ``slug``'s complaint, so that the walker asks for real ones."""
    theirs = world[slug]
    photo = b"%PDF-1.4\n% SECRET-" + slug.encode() + b"\n%%EOF\n"
    uploaded = app.test_client().post(
        f"/api/v1/tenants/{slug}/complaints/{theirs['complaint']['id']}/evidence", headers=auth(theirs["admin"]),
        data={"file": (io.BytesIO(photo), f"SECRET-{slug}.pdf")}, content_type="multipart/form-data")
    assert uploaded.status_code == 201, uploaded.get_json()
    theirs["evidence_id"] = uploaded.get_json()["id"]
    with app.app_context(), tenant_scope(theirs["tenant"].id):
        complaint_id = uuid.UUID(theirs["complaint"]["id"])
        decision = CaseDecision(tenant_id=theirs["tenant"].id, complaint_id=complaint_id, plugin="fiktif_2020",
                                plugin_version="0.0.1", decree_number="000/FIKTIF/2020", facts={}, decision={})
        Session.add(decision)
        Session.flush()
        letter = Letter(tenant_id=theirs["tenant"].id, complaint_id=complaint_id, case_decision_id=decision.id,
                        kind="maaf_tertulis", year=2024, sequence=1, number=f"SECRET-{slug}/1", citation="Pasal 1",
                        sha256="0" * 64, size_bytes=0)
        Session.add(letter)
        # a notification to the role that walks (it must see only its own agency's), and a proposed sanction
        notification = Notification(tenant_id=theirs["tenant"].id, complaint_id=complaint_id, recipient_role="admin_dinas",
                                    kind="objection", message=f"SECRET-{slug}")
        proposal = SanctionProposal(tenant_id=theirs["tenant"].id, complaint_id=complaint_id,
                                    officer_name=f"SECRET-{slug}", code="teguran", staff_category="PNS",
                                    answer_due_at=datetime.now(timezone.utc))
        Session.add_all([notification, proposal])
        Session.commit()
        theirs["letter_id"] = str(letter.id)
        theirs["notification_id"], theirs["proposal_id"] = str(notification.id), str(proposal.id)


# No account: every agency's public page is public by design (its catalogue included); what must
# not leak there is another agency's case, reached by its tracking code under this agency's slug.
PUBLIC_PREFIXES = ("/p/", "/api/v1/public/")


def walk(app, world, own="dinas-a", other="dinas-b", client=None):
    """Call every registered URL rule with the other tenant's ids; return what leaked."""
    client = client or app.test_client()
    headers = auth(world[own]["admin"])
    values = _foreign_values(world, own, other)
    secret = f"SECRET-{other}"
    leaks, calls = [], 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        names = list(rule.arguments)
        if any(n not in values for n in names):
            raise AssertionError(f"the walker does not know URL variable(s) {names} of {rule.rule}: teach it")
        combos = [{}]
        for name in names:
            combos = [dict(c, **{name: v}) for c in combos for v in values[name]]
        for combo in combos:
            if rule.rule.startswith(PUBLIC_PREFIXES) and combo.get("slug") == other:
                continue
            foreign = any(name != "slug" or value == other for name, value in combo.items())
            url = rule.rule
            for name, value in combo.items():
                url = re.sub(rf"<(?:[^:>]+:)?{name}>", value, url)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                calls += 1
                response = client.open(url, method=method, headers=headers, json={})
                body = response.get_data().decode("utf-8", "replace")  # a download (a sample PDF) is bytes
                if secret in body or (foreign and response.status_code < 300):
                    leaks.append(f"{method} {url} -> {response.status_code}")
    return leaks, calls


def test_no_route_leaks_another_tenants_objects(app, two_tenants):
    _with_case_files(app, two_tenants, "dinas-b")
    leaks, calls = walk(app, two_tenants)
    assert calls > 20
    assert leaks == []


def test_no_page_leaks_to_a_signed_in_user_of_another_tenant(app, two_tenants):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    signed_in = client.post("/login", data={"email": two_tenants["dinas-a"]["admin"].email,
                                            "password": "rahasia-123", "csrf_token": token})
    assert signed_in.status_code == 302
    leaks, _ = walk(app, two_tenants, client=client)
    assert leaks == []


def test_the_walker_catches_a_deliberately_unscoped_route(app, two_tenants):
    leaky_app = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "test"})

    def unscoped(complaint_id):
        with all_tenants():  # the mistake: bypassing the tenant scope
            complaint = Session.scalar(select(Complaint).where(Complaint.id == uuid.UUID(complaint_id)))
        return {"description": complaint.description}

    leaky_app.add_url_rule("/leaky/<complaint_id>", "leaky", unscoped)
    leaks, _ = walk(leaky_app, two_tenants)
    leaky_app.extensions["engine"].dispose()
    assert leaks and all("/leaky/" in leak for leak in leaks), leaks


def test_a_query_with_no_tenant_in_scope_raises(app, two_tenants):
    with app.app_context():
        with pytest.raises(TenantScopeError):
            Session.scalars(select(ServiceType)).all()


def test_a_scope_sees_only_its_tenant(app, two_tenants):
    a = two_tenants["dinas-a"]["tenant"]
    with app.app_context(), tenant_scope(a.id):
        names = [st.name for st in Session.scalars(select(ServiceType))]
    assert names == ["Rujukan dinas-a SECRET-dinas-a"]


def test_writing_outside_the_scope_raises(app, two_tenants):
    a, b = two_tenants["dinas-a"]["tenant"], two_tenants["dinas-b"]["tenant"]
    with app.app_context(), tenant_scope(a.id):
        Session.add(ServiceType(tenant_id=b.id, code="x", name="x", time_norm_text="1 hari", norm_min=1,
                                norm_max=1, norm_unit="hari", norm_working=False, norm_clock_starts="diterima"))
        with pytest.raises(TenantScopeError):
            Session.flush()
        Session.rollback()


def test_foreign_object_under_own_slug_is_404(app, two_tenants):
    client = app.test_client()
    theirs = two_tenants["dinas-b"]["complaint"]["id"]
    response = client.get(f"/api/v1/tenants/dinas-a/complaints/{theirs}", headers=auth(two_tenants["dinas-a"]["admin"]))
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_another_tenants_slug_is_404_not_403(app, two_tenants):
    client = app.test_client()
    response = client.get("/api/v1/tenants/dinas-b/complaints", headers=auth(two_tenants["dinas-a"]["admin"]))
    assert response.status_code == 404


def test_a_listings_page_count_is_the_tenants_own(app, two_tenants):
    import json

    client = app.test_client()
    response = client.get("/api/v1/tenants/dinas-a/complaints?count=true", headers=auth(two_tenants["dinas-a"]["admin"]))
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


def _signed_in_client(app, user):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": user.email, "password": "rahasia-123", "csrf_token": token}).status_code == 302
    return client


@pytest.mark.parametrize("door", ["token", "session"])
@pytest.mark.parametrize("role", ["petugas", "pimpinan", "admin_dinas"])
def test_every_role_of_one_tenant_sees_nothing_of_another_through_either_door(app, two_tenants, make_user, role, door):
    """Every route, as each role of dinas-a, with dinas-b's data present: no body names dinas-b,
    carries its ids or secrets, or counts its rows."""
    from core.platform.db import Session
    from core.models import Complaint
    from core.models.scope import tenant_scope

    a, b = two_tenants["dinas-a"], two_tenants["dinas-b"]
    with app.app_context(), tenant_scope(b["tenant"].id):  # dinas-b gets a count no one of dinas-a may see
        for n in range(6):
            Session.add(Complaint(tenant_id=b["tenant"].id, tracking_code=f"B{n:09d}", channel="lisan", component="biaya",
                                  description="SECRET-dinas-b", occurred_at=b["tenant"].created_at))
        Session.commit()
    user = make_user(role, a["tenant"], email=f"{role}-walk@a.id")
    client = _signed_in_client(app, user) if door == "session" else app.test_client()
    headers = auth(user) if door == "token" else {}
    forbidden = {"Dinas dinas-b", "SECRET-dinas-b", b["service_type"]["id"], b["request"]["id"], b["complaint"]["id"],
                 b["complaint"]["tracking_code"]}
    values = _foreign_values(two_tenants, "dinas-a", "dinas-b")
    seen = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        combos = [{}]
        for name in rule.arguments:
            combos = [dict(c, **{name: v}) for c in combos for v in values[name]]
        for combo in combos:
            if rule.rule.startswith(PUBLIC_PREFIXES) and combo.get("slug") == "dinas-b":
                continue
            url = rule.rule
            for name, value in combo.items():
                url = re.sub(rf"<(?:[^:>]+:)?{name}>", value, url)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, headers=headers, json={})
                if response.status_code == 302 and response.location.startswith("/login?next="):
                    continue  # the sign-in redirect echoes the URL asked for and looked nothing up
                body = response.get_data().decode("utf-8", "replace")  # a download (a sample PDF) is bytes
                leaked = [f for f in forbidden if f in body]
                assert not leaked, f"{method} {url} as {role} ({door}) shows {leaked}"
                seen.append(url)
    assert len(seen) > 20
    if door == "session":
        home = client.get("/").get_data(as_text=True)
        assert "<td>Dinas dinas-a</td><td>1</td><td>1</td>" in home, "only dinas-a's own request and complaint are counted"


PROVINCE_PREFIXES = ("/provinsi", "/api/v1/provinces")


@pytest.mark.parametrize("door", ["token", "session"])
def test_a_provincial_admin_sees_nothing_of_another_province(app, two_tenants, make_user, door):
    """Every route of the provincial view, as Jawa Barat's admin (dinas-a's province, 32), with
    dinas-b's province (18) in the URL: a 404, and no body names dinas-b; its own province
    answers without dinas-b either. Other routes keep their own rules (tested above)."""
    user = make_user("admin_provinsi", province_code="32", email="jabar-walk@prov.id")
    client = _signed_in_client(app, user) if door == "session" else app.test_client()
    headers = auth(user) if door == "token" else {}
    values = _foreign_values(two_tenants, "dinas-a", "dinas-b")
    forbidden = ("Dinas dinas-b", "SECRET-dinas-b")
    calls = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PROVINCE_PREFIXES):
            continue
        combos = [{}]
        for name in rule.arguments:
            combos = [dict(c, **{name: v}) for c in combos for v in values[name]]
        for combo in combos:
            url = rule.rule
            for name, value in combo.items():
                url = re.sub(rf"<(?:[^:>]+:)?{name}>", value, url)
            for query in ("", "?period=2024-03"):
                response = client.get(url + query, headers=headers)
                calls += 1
                body = response.get_data().decode("utf-8", "replace")
                assert not [f for f in forbidden if f in body], f"{url}{query} shows dinas-b"
                if response.status_code == 302 and response.location.startswith("/login?next="):
                    continue  # a page asked with the token: the sign-in redirect looked nothing up
                if response.status_code == 401 and door == "session":
                    continue  # the API asked with the cookie: refused at the door
                if "18" in combo.values() or combo.get("slug") == "dinas-b":
                    assert response.status_code == 404, f"{url}{query} -> {response.status_code}"
                else:
                    assert response.status_code in (200, 302, 404, 422), f"{url}{query} -> {response.status_code}"
    assert calls >= 8
