"""The plugin mechanism: discovery, metadata, dispatch to one decree, dating, the CLI."""

from __future__ import annotations

import json
import sys
import textwrap
from dataclasses import replace
from datetime import date

import pytest

from core.decrees import hookspecs
from core.decrees.contract import EvaluationContext
from core.decrees.facts import load_facts
from core.decrees.registry import DecreeRegistry, PluginError
from tests.decree_fixture import INFO, FictionalDecree


def _calendar():
    from core.timekeeping.calendar import WorkingCalendar

    return WorkingCalendar()


def test_every_hook_is_documented():
    for name in dir(hookspecs):
        if name.startswith("kompensasi_"):
            doc = getattr(hookspecs, name).__doc__ or ""
            assert ":returns:" in doc, f"{name} documents its return value"
            assert len(doc.strip().splitlines()[0]) > 10, f"{name} has a summary line"


def test_builtin_plugins_are_discovered_from_the_plugins_package():
    registry = DecreeRegistry()
    import plugins
    import pkgutil

    expected = {m.name for m in pkgutil.iter_modules(plugins.__path__) if not m.name.startswith("_")}
    assert set(registry.names()) == expected


def test_entry_point_distribution_is_discovered(tmp_path, monkeypatch):
    """An installed distribution with an entry point in group kompensasi.decrees is loaded."""
    (tmp_path / "decree_luar.py").write_text(textwrap.dedent('''
        from tests.decree_fixture import FictionalDecree, INFO
        from dataclasses import replace
        plugin = FictionalDecree(replace(INFO, plugin="luar_2025", number="9/LUAR/2025"))
        kompensasi_decree = plugin.kompensasi_decree
        kompensasi_classify = plugin.kompensasi_classify
        kompensasi_compensate = plugin.kompensasi_compensate
        kompensasi_examples = plugin.kompensasi_examples
    '''))
    dist = tmp_path / "decree_luar-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: decree-luar\nVersion: 1.0\n")
    (tmp_path / "decree_objek.py").write_text(textwrap.dedent('''
        from tests.decree_fixture import FictionalDecree, INFO
        from dataclasses import replace
        PLUGIN = FictionalDecree(replace(INFO, plugin="objek_2025", number="8/OBJEK/2025"))
    '''))
    (dist / "entry_points.txt").write_text(
        "[kompensasi.decrees]\nluar_2025 = decree_luar\nobjek_2025 = decree_objek:PLUGIN\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = DecreeRegistry()
    assert "luar_2025" in registry.names() and "objek_2025" in registry.names()
    assert registry.info("luar_2025").number == "9/LUAR/2025"
    assert registry.info("objek_2025").number == "8/OBJEK/2025"
    sys.modules.pop("decree_luar", None)
    sys.modules.pop("decree_objek", None)


def test_only_restricts_which_plugins_load():
    assert DecreeRegistry(only=["none_such"]).names() == []
    assert DecreeRegistry(only=["prov_lampung_2024"]).names() == ["prov_lampung_2024"]


def test_misnamed_hook_is_caught():
    class Typo:
        from core.decrees import hookimpl

        @hookimpl
        def kompensasi_clasify(self, facts, context):
            return None

    registry = DecreeRegistry(builtin_package=None, entry_points=False)
    with pytest.raises(Exception, match="kompensasi_clasify"):
        registry.register(Typo(), "typo")
    assert registry.names() == []


def test_plugin_must_declare_its_own_name():
    """kompensasi_decree names the plugin; a plugin registered under another name is refused."""
    registry = DecreeRegistry(builtin_package=None, entry_points=False)
    with pytest.raises(PluginError, match="declares itself"):
        registry.register(FictionalDecree(), "another_name")


def test_a_hook_reaches_only_the_decree_asked_for():
    registry = DecreeRegistry(builtin_package=None, entry_points=False)
    calls = []

    class Spy(FictionalDecree):
        def kompensasi_classify(self, facts, context):
            calls.append(self.info.plugin)
            return super().kompensasi_classify(facts, context)

    from core.decrees import hookimpl

    Spy.kompensasi_classify = hookimpl(Spy.kompensasi_classify)
    registry.register(Spy(), "fiktif_2020")
    registry.register(Spy(replace(INFO, plugin="lain_2021")), "lain_2021")
    facts = load_facts({"component": "biaya", "occurred_at": "2024-01-02T10:00:00+07:00"})
    decision = registry.evaluate("lain_2021", facts, EvaluationContext(calendar=_calendar()))
    assert calls == ["lain_2021"] and decision.decree.plugin == "lain_2021"


def test_facts_before_the_decree_took_effect_are_not_judged():
    registry = DecreeRegistry(builtin_package=None, entry_points=False)
    registry.register(FictionalDecree(), "fiktif_2020")
    facts = load_facts({"component": "biaya", "occurred_at": "2019-12-31T10:00:00+07:00"})
    decision = registry.evaluate("fiktif_2020", facts, EvaluationContext(calendar=_calendar()))
    assert decision.applies is False
    assert "mendahului" in decision.notes[0] and "2020-01-01" in decision.notes[0]


def test_decree_list_prints_every_installed_decree(app, runner, fiktif):
    result = runner.invoke(args=["decree", "list"])
    assert result.exit_code == 0
    assert "fiktif_2020  000/FIKTIF/2020" in result.output
    assert "Kota Fiktif (kota); signed 2020-01-01; in force 2020-01-01" in result.output
    for name in app.extensions["decrees"].names():
        assert name in result.output


def test_decree_evaluate_reads_facts_and_prints_a_decision(app, runner, make_tenant, fiktif):
    make_tenant("dinas-a", plugin="fiktif_2020")
    facts = {"component": "jangka_waktu", "lateness_days": 3, "occurred_at": "2024-03-05T10:00:00+07:00"}
    result = runner.invoke(args=["decree", "evaluate", "--tenant", "dinas-a"], input=json.dumps(facts))
    assert result.exit_code == 0, result.output
    decision = json.loads(result.output)
    assert decision["decree"] == {"plugin": "fiktif_2020", "number": "000/FIKTIF/2020", "version": "0.0.1"}
    assert [c["code"] for c in decision["compensations"]] == ["maaf_tertulis"]


def test_decree_evaluate_names_the_bad_field(app, runner, make_tenant, fiktif):
    make_tenant("dinas-a", plugin="fiktif_2020")
    for facts, field in (
        ({"component": "jangka_waktu", "lateness_days": -1}, "lateness_days"),
        ({"component": "telat"}, "component"),
        ({"component": "biaya", "occurred_at": "kemarin"}, "occurred_at"),
        ({"component": "biaya", "occurred_at": "2024-03-05T10:00:00"}, "occurred_at"),
        ({"component": "jangka_waktu", "occurred_at": "2024-03-05T10:00:00+07:00"}, "lateness_days"),
        ({}, "component"),
    ):
        result = runner.invoke(args=["decree", "evaluate", "--tenant", "dinas-a"], input=json.dumps(facts))
        assert result.exit_code == 2, (facts, result.output)
        assert field in json.loads(result.output)["error"]["fields"], facts


def test_binding_decides_which_decree_judges(app, make_tenant):
    """A tenant moves to a successor decree on a date; each judges the facts of its own period."""
    from core.platform.db import Session
    from core.decrees.dispatch import evaluate_for_tenant
    from core.models import TenantDecree
    from core.models.scope import all_tenants

    registry = app.extensions["decrees"]
    registry.register(FictionalDecree(), "fiktif_2020")
    registry.register(FictionalDecree(replace(INFO, plugin="penerus_2024", number="1/PENERUS/2024",
                                              effective_from=date(2024, 1, 1))), "penerus_2024")
    tenant = make_tenant("dinas-a")
    with app.app_context(), all_tenants():
        Session.add(TenantDecree(tenant_id=tenant.id, plugin="fiktif_2020", effective_from=date(2021, 1, 1),
                                 effective_until=date(2024, 1, 1)))
        Session.add(TenantDecree(tenant_id=tenant.id, plugin="penerus_2024", effective_from=date(2024, 1, 1)))
        Session.commit()

        def judge(when):
            return evaluate_for_tenant(registry, tenant, load_facts({"component": "biaya", "occurred_at": when}))

        assert judge("2023-12-31T23:00:00+07:00").decree.plugin == "fiktif_2020"
        assert judge("2024-01-01T00:30:00+07:00").decree.plugin == "penerus_2024"
        before = judge("2020-06-01T10:00:00+07:00")
        assert before.applies is False and "tidak tercakup" in before.notes[0]


def test_scaffold_creates_a_plugin_that_passes_the_harness(runner, tmp_path, monkeypatch):
    from core.decrees.examples import run_examples

    package = tmp_path / "plugin_baru"
    package.mkdir()
    (package / "__init__.py").write_text("")
    result = runner.invoke(args=["decree", "new", "kota_contoh_2025", "--directory", str(package)])
    assert result.exit_code == 0, result.output
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = DecreeRegistry(builtin_package="plugin_baru", entry_points=False)
    assert registry.names() == ["kota_contoh_2025"]
    assert registry.examples("kota_contoh_2025")["example"]
    assert run_examples(registry, "kota_contoh_2025") == []
    again = runner.invoke(args=["decree", "new", "kota_contoh_2025", "--directory", str(package)])
    assert again.exit_code == 1 and "exists" in again.output
    assert runner.invoke(args=["decree", "new", "Bad Name", "--directory", str(package)]).exit_code == 1
    for module in [m for m in sys.modules if m.startswith("plugin_baru")]:
        del sys.modules[module]


def test_a_real_decree_hands_over_to_a_fictional_successor(app, make_tenant):
    """Kota Bekasi's 2023 decree judges facts until its successor takes over; then the successor does."""
    from core.platform.db import Session
    from core.decrees.dispatch import evaluate_for_tenant
    from core.models import TenantDecree
    from core.models.scope import all_tenants

    registry = app.extensions["decrees"]
    successor = FictionalDecree(replace(INFO, plugin="kota_bekasi_2026", number="460/Kep.1/Dinsos/I/2026",
                                        effective_from=date(2026, 1, 1), jurisdiction="Kota Bekasi"))
    registry.register(successor, "kota_bekasi_2026")
    tenant = make_tenant("kota-bekasi-uji")
    with app.app_context(), all_tenants():
        Session.add(TenantDecree(tenant_id=tenant.id, plugin="kota_bekasi_2023", effective_from=date(2023, 1, 10),
                                 effective_until=date(2026, 1, 1)))
        Session.add(TenantDecree(tenant_id=tenant.id, plugin="kota_bekasi_2026", effective_from=date(2026, 1, 1)))
        Session.commit()
        rude = {"component": "perilaku_pelaksana", "conduct": "tidak_sopan", "channel": "tertulis"}
        old = evaluate_for_tenant(registry, tenant, load_facts({**rude, "occurred_at": "2025-12-31T16:00:00+07:00"}))
        new = evaluate_for_tenant(registry, tenant, load_facts({**rude, "occurred_at": "2026-01-02T09:00:00+07:00"}))
    assert (old.decree.plugin, old.severity) == ("kota_bekasi_2023", "sedang")
    assert (new.decree.plugin, new.severity) == ("kota_bekasi_2026", None)


def test_a_recorded_decision_replays_to_the_same_answer(app, make_tenant, make_user):
    """A case decision keeps the plugin, its version and the facts: replaying them gives the same decision."""
    from sqlalchemy import select

    from core.platform.db import Session
    from core.decrees.dispatch import evaluate_for_tenant
    from core.models import CaseDecision
    from core.models.scope import tenant_scope
    from tests.conftest import auth

    tenant = make_tenant("kota-bekasi-uji", plugin="kota_bekasi_2023")
    petugas = make_user("petugas", tenant)
    client = app.test_client()
    complaint = client.post("/api/v1/tenants/kota-bekasi-uji/complaints", headers=auth(petugas), json={
        "channel": "tertulis", "component": "perilaku_pelaksana", "conduct": "kekerasan_fisik",
        "description": "Petugas mendorong saya", "occurred_at": "2024-03-05T10:00:00+07:00"}).get_json()
    url = f"/api/v1/tenants/kota-bekasi-uji/complaints/{complaint['id']}"
    client.post(f"{url}/transitions", headers={**auth(petugas), "If-Match": "1"}, json={"to": "verified"})
    client.post(f"{url}/transitions", headers={**auth(petugas), "If-Match": "2"}, json={"to": "under_assessment"})
    head = make_user("pimpinan", tenant)
    decided = client.post(f"{url}/decision", headers={**auth(head), "If-Match": "3"}, json={})
    assert decided.get_json()["sanctions"]["required"] == ["proses_disiplin"]
    with app.app_context(), tenant_scope(tenant.id):
        record = Session.scalar(select(CaseDecision))
        assert (record.plugin, record.plugin_version, record.decree_number) == (
            "kota_bekasi_2023", app.extensions["decrees"].info("kota_bekasi_2023").version, "460/Kep.15.a/Dinsos/I/2023")
        replayed = evaluate_for_tenant(app.extensions["decrees"], tenant, load_facts(record.facts))
    assert replayed.to_dict() == record.decision
