"""``flask tenants sync``: idempotent, names the file and field of a bad file, changes nothing then."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from core.platform.db import Session
from core.models import ServiceType, Tenant, TenantDecree
from core.models.scope import all_tenants
from tests.decree_fixture import INFO, FictionalDecree

GOOD = '''
slug = "kota-fiktif"
name = "Dinas Sosial Kota Fiktif"
level = "kota"
province_code = "32"
province_name = "Jawa Barat"
working_periods = [["08:00", "15:30"]]

[letterhead]
agency = "DINAS SOSIAL"

[[decrees]]
plugin = "fiktif_2020"
effective_from = 2020-01-01

[[services]]
code = "rujukan"
name = "Layanan rujukan"
time_norm = "7 hari kerja"
'''


@pytest.fixture
def tenants_dir(tmp_path):
    (tmp_path / "kota-fiktif.toml").write_text(GOOD)
    return tmp_path


def _sync(runner, directory):
    return runner.invoke(args=["tenants", "sync", "--directory", str(directory)])


def _state(app):
    with app.app_context(), all_tenants():
        return (
            [(t.slug, t.name) for t in Session.scalars(select(Tenant).order_by(Tenant.slug))],
            Session.scalar(select(func.count()).select_from(TenantDecree)),
            Session.scalar(select(func.count()).select_from(ServiceType)),
        )


def test_sync_loads_and_is_idempotent(app, runner, fiktif, tenants_dir):
    first = _sync(runner, tenants_dir)
    assert first.exit_code == 0, first.output
    assert "kota-fiktif: created, bound fiktif_2020 from 2020-01-01, added service rujukan" in first.output
    again = _sync(runner, tenants_dir)
    assert again.output.strip() == "kota-fiktif: unchanged"
    (tenants_dir / "kota-fiktif.toml").write_text(GOOD.replace("Dinas Sosial Kota Fiktif", "Dinas Sosial Kota Fiktif Baru"))
    changed = _sync(runner, tenants_dir)
    assert changed.output.strip() == "kota-fiktif: name"
    assert _state(app) == ([("kota-fiktif", "Dinas Sosial Kota Fiktif Baru")], 1, 1)


@pytest.mark.parametrize(("mutation", "field"), [
    (lambda t: t.replace('level = "kota"\n', ""), "level"),
    (lambda t: t.replace('level = "kota"', 'level = "desa"'), "level"),
    (lambda t: t.replace('province_code = "32"', 'province_code = "Jabar"'), "province_code"),
    (lambda t: t.replace('"08:00"', '"8 pagi"'), "working_periods.0.0"),
    (lambda t: t.replace('time_norm = "7 hari kerja"', 'time_norm = "secepatnya"'), "services.0.time_norm"),
    (lambda t: t.replace('plugin = "fiktif_2020"', 'plugin = "tidak_ada_2099"'), "decrees.0.plugin"),
    (lambda t: t.replace("effective_from = 2020-01-01", 'effective_from = "kemarin"'), "decrees.0.effective_from"),
    (lambda t: t.replace('slug = "kota-fiktif"', 'slug = "kota-lain"'), "slug"),
    (lambda t: t + '\n[[decrees]]\nplugin = "fiktif_2020"\neffective_from = 2021-01-01\n', "decrees"),
    (lambda t: t.replace("[letterhead]", "[letterhead"), "_file"),
])
def test_malformed_file_names_file_and_field_and_changes_nothing(app, runner, fiktif, tenants_dir, mutation, field):
    assert _sync(runner, tenants_dir).exit_code == 0
    before = _state(app)
    (tenants_dir / "kota-fiktif.toml").write_text(mutation(GOOD.replace("Kota Fiktif", "Kota Fiktif Diubah")))
    (tenants_dir / "kota-kedua.toml").write_text(GOOD.replace("kota-fiktif", "kota-kedua"))
    result = _sync(runner, tenants_dir)
    assert result.exit_code == 1
    assert f"kota-fiktif.toml: {field}:" in result.output
    assert "nothing was changed" in result.output
    assert _state(app) == before


def test_sync_refuses_a_decree_whose_own_examples_fail(app, runner, tenants_dir):
    broken = {"context": {}, "example": [{
        "name": "a wrong expectation", "citation": "Pasal 1",
        "facts": {"component": "biaya", "occurred_at": "2024-01-02T10:00:00+07:00"},
        "expected": {"compensations": ["cenderamata"]},
    }]}
    app.extensions["decrees"].register(FictionalDecree(replace(INFO), examples=broken), "fiktif_2020")
    result = _sync(runner, tenants_dir)
    assert result.exit_code == 1
    assert "its own examples fail" in result.output and "a wrong expectation" in result.output
    assert _state(app) == ([], 0, 0)


def test_the_repository_tenants_load(app, runner):
    result = runner.invoke(args=["tenants", "sync"])
    assert result.exit_code == 0, result.output
    slugs = {line.split(":")[0] for line in result.output.splitlines()}
    assert slugs == {"kota-bekasi", "kab-bekasi", "kab-belitung", "prov-lampung"}
    assert _sync(runner, app.config["TENANTS_DIR"]).output.count("unchanged") == 4
    with app.app_context(), all_tenants():
        kab_bekasi = Session.scalar(select(Tenant).where(Tenant.slug == "kab-bekasi"))
        codes = Session.scalars(select(ServiceType.code).where(ServiceType.tenant_id == kab_bekasi.id)).all()
    assert len(codes) == 14


def test_a_change_made_through_the_api_is_reported_as_drift_not_unchanged(app, runner, make_user):
    from core.platform.config import ROOT
    from tests.conftest import auth

    assert _sync(runner, ROOT / "tenants").exit_code == 0
    with app.app_context(), all_tenants():
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == "kota-bekasi"))
    admin = make_user("admin_dinas", tenant)
    client = app.test_client()
    service = next(s for s in client.get("/api/v1/tenants/kota-bekasi/service-types", headers=auth(admin)).get_json()
                   if s["code"] == "rujukan")
    changed = client.patch(f"/api/v1/tenants/kota-bekasi/service-types/{service['id']}", headers=auth(admin),
                           json={"time_norm": "5 hari kerja"})
    assert changed.status_code == 200
    again = _sync(runner, ROOT / "tenants")
    assert again.exit_code == 0
    line = next(line for line in again.output.splitlines() if line.startswith("kota-bekasi:"))
    assert "drift" in line and "service rujukan was changed" in line and "--force" in line
    assert "kab-bekasi: unchanged" in again.output
    with app.app_context(), all_tenants():
        assert Session.scalar(select(ServiceType.time_norm_text).where(ServiceType.code == "rujukan",
                                                                       ServiceType.tenant_id == tenant.id)) == "5 hari kerja"
    forced = runner.invoke(args=["tenants", "sync", "--directory", str(ROOT / "tenants"), "--force"])
    assert forced.exit_code == 0 and "updated service rujukan" in forced.output
    assert "kota-bekasi: unchanged" in _sync(runner, ROOT / "tenants").output


def test_a_changed_norm_in_the_file_moves_the_open_requests_deadlines(app, runner, fiktif, tenants_dir):
    """A norm changed in the agency's file reaches the requests already open, as a change through
    the API does; a finished request keeps the judgement it was given."""
    from datetime import datetime, timezone

    from core.agency.catalogue import save_service_request
    from core.models import ServiceRequest
    from core.models.scope import tenant_scope

    assert _sync(runner, tenants_dir).exit_code == 0
    monday = datetime(2024, 3, 4, 1, 0, tzinfo=timezone.utc)  # 08:00 WIB
    with app.app_context(), all_tenants():
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == "kota-fiktif"))
        with tenant_scope(tenant.id):
            for reference, completed in (("OPEN-1", None), ("DONE-1", datetime(2024, 3, 5, 2, 0, tzinfo=timezone.utc))):
                save_service_request(app.extensions["decrees"], tenant, {
                    "service": "rujukan", "reference": reference, "applicant_name": "Warga",
                    "received_at": monday, "completed_at": completed})
            Session.commit()
            before = dict(Session.execute(select(ServiceRequest.reference, ServiceRequest.due_at)).all())
    (tenants_dir / "kota-fiktif.toml").write_text(GOOD.replace('"7 hari kerja"', '"3 hari kerja"'))
    changed = _sync(runner, tenants_dir)
    assert changed.exit_code == 0, changed.output
    assert changed.output.strip() == "kota-fiktif: updated service rujukan, 1 open deadline(s) recomputed"
    with app.app_context(), all_tenants():
        after = dict(Session.execute(select(ServiceRequest.reference, ServiceRequest.due_at)).all())
    assert after["DONE-1"] == before["DONE-1"]
    assert after["OPEN-1"] < before["OPEN-1"]
    # three working days of 08:00–15:30 from Monday 08:00: Wednesday 15:30 WIB
    assert after["OPEN-1"].astimezone(timezone.utc) == datetime(2024, 3, 6, 8, 30, tzinfo=timezone.utc)
