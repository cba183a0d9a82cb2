"""The officer's work page lists the new complaints no one has verified yet, a citizen's from the
public page included (it has no officer who took it in, so "my open cases" never shows it)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from tests.conftest import auth
from tests.test_web_cases import _login


def test_the_officer_sees_a_citizens_new_complaint_until_it_is_verified(app, make_tenant, make_user):
    from core.citizen import filing
    from core.platform.db import Session
    from core.models.scope import tenant_scope

    tenant = make_tenant("dinas-uji", plugin="kota_bekasi_2023")
    officer = make_user("petugas", tenant, email="petugas@uji.id")
    make_user("pimpinan", tenant, email="pimpinan@uji.id")
    api = app.test_client()
    assert api.post("/api/v1/tenants/dinas-uji/service-types", headers=auth(make_user("admin_dinas", tenant)), json={
        "code": "rujukan", "name": "Rujukan", "time_norm": "3 hari kerja"}).status_code == 201
    with app.app_context(), tenant_scope(tenant.id):
        moment = datetime.now(timezone.utc) - timedelta(days=2)
        filed = filing.file_complaint(tenant, {
            "service": "rujukan", "component": "jangka_waktu", "occurred_at": moment, "complainant_name": "Warga",
            "description": "Belum selesai"}, datetime.now(timezone.utc))
        Session.commit()
        code, complaint_id = filed.tracking_code, str(filed.id)

    desk, head = app.test_client(), app.test_client()
    _login(desk, "petugas@uji.id")
    _login(head, "pimpinan@uji.id")
    page = desk.get("/t/dinas-uji/kerja").get_data(as_text=True)
    waiting = re.search(r'<section class="worklist" id="awaiting-verification">(.*?)</section>', page, re.S).group(1)
    assert code in waiting and "(1)" in waiting
    assert 'id="awaiting-verification"' not in head.get("/t/dinas-uji/kerja").get_data(as_text=True), \
        "verifying is the officer's step (core/access/policy.py: complaint.verify)"

    moved = api.post(f"/api/v1/tenants/dinas-uji/complaints/{complaint_id}/transitions",
                     headers={**auth(officer), "If-Match": "1"}, json={"to": "verified"})
    assert moved.status_code == 200, moved.get_json()
    page = desk.get("/t/dinas-uji/kerja").get_data(as_text=True)
    waiting = re.search(r'<section class="worklist" id="awaiting-verification">(.*?)</section>', page, re.S).group(1)
    assert code not in waiting and "(0)" in waiting
