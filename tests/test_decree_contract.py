"""The decree contract as three hooks: each answered on its own, composed by the core, and
lined up across decrees by question."""

from __future__ import annotations

import ast
import sys
import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from core.decrees import hookimpl, hookspecs
from core.decrees.compose import NO_COMPENSATION_RULE, NO_SANCTION_RULE, compose
from core.decrees.contract import Classification, EvaluationContext, SanctionRuling, Violation
from core.decrees.examples import _merge, build_context
from core.decrees.facts import load_facts
from core.decrees.registry import DecreeRegistry, PluginError
from core.timekeeping.calendar import WorkingCalendar
from tests.conftest import auth
from tests.decree_fixture import INFO

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = DecreeRegistry()
HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("kompensasi_"))
VIOLENCE = {"component": "perilaku_pelaksana", "conduct": "kekerasan_fisik", "channel": "tertulis",
            "occurred_at": "2024-06-05T10:00:00+07:00"}


def _context() -> EvaluationContext:
    return EvaluationContext(calendar=WorkingCalendar())


class ClassifyOnly:
    """A decree that grades breaches and says nothing of compensation or sanctions."""

    info = replace(INFO, plugin="klasifikasi_2020", number="1/KLASIFIKASI/2020")

    @hookimpl
    def kompensasi_decree(self):
        return self.info

    @hookimpl
    def kompensasi_classify(self, facts, context):
        return Classification(True, facts.component, (Violation("cara", "Pasal 2", "ringan"),), "ringan",
                              citations=("Pasal 2",))


# -- the hooks as specified ------------------------------------------------------------------


def test_the_three_judgement_hooks_are_specified_and_evaluate_is_gone():
    assert {"kompensasi_classify", "kompensasi_compensate", "kompensasi_sanction"} <= set(HOOKS)
    assert {"kompensasi_decree", "kompensasi_examples", "kompensasi_service_catalogue"} <= set(HOOKS)
    assert "kompensasi_evaluate" not in HOOKS


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_documents_its_parameters_return_and_firstresult(name):
    spec = getattr(hookspecs, name)
    doc = spec.__doc__ or ""
    assert ":returns:" in doc
    for parameter in ast.parse(Path(hookspecs.__file__).read_text()).body:
        if isinstance(parameter, ast.FunctionDef) and parameter.name == name:
            for arg in parameter.args.args:
                assert f":param {arg.arg}:" in doc, f"{name} documents :param {arg.arg}:"
    firstresult = spec.kompensasi_spec["firstresult"]
    assert ("Stops at the first non-None result." in doc) == firstresult, name


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_section_in_the_plugin_guide(name):
    """As Datasette's test_docs: a hook without documentation fails the build."""
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert re.search(rf"^#+ .*`{name}\(", guide, re.MULTILINE), f"docs/plugins.md has no section for {name}"


def _tests_and_their_docstrings() -> list[str]:
    found = []
    for path in (ROOT / "tests").glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_") and node.name != "test_every_hook_has_a_test":
                found.append(node.name + " " + (ast.get_docstring(node) or ""))
    return found


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_test(name):
    """As Datasette's test_plugins: each hook is named by a test, in its name or its docstring."""
    assert any(name in text for text in _tests_and_their_docstrings()), f"no test names {name}"


# -- a plugin may answer fewer questions ------------------------------------------------------


def test_a_plugin_with_only_kompensasi_classify_loads_and_answers():
    registry = DecreeRegistry(builtin_package=None, entry_points=False)
    registry.register(ClassifyOnly(), "klasifikasi_2020")
    facts = load_facts({"component": "prosedur", "occurred_at": "2024-03-05T10:00:00+07:00"})
    decision = registry.evaluate("klasifikasi_2020", facts, _context())
    assert (decision.applies, decision.severity, decision.compensations) == (True, "ringan", [])
    assert NO_COMPENSATION_RULE in decision.notes and NO_SANCTION_RULE in decision.notes
    assert registry.compensate("klasifikasi_2020", facts, _context()) is None
    assert registry.sanction("klasifikasi_2020", facts, _context()) is None
    assert registry.part("klasifikasi_2020", facts, _context(), "sanction")["notes"] == [NO_SANCTION_RULE]


def test_a_plugin_that_answers_with_the_wrong_type_is_an_error_naming_the_hook():
    class Wrong(ClassifyOnly):
        @hookimpl
        def kompensasi_classify(self, facts, context):
            return {"applies": True}

    registry = DecreeRegistry(builtin_package=None, entry_points=False)
    registry.register(Wrong(), "klasifikasi_2020")
    with pytest.raises(PluginError, match="kompensasi_classify returned dict"):
        registry.classify("klasifikasi_2020", load_facts({"component": "biaya"}), _context())


def test_a_plugin_still_on_kompensasi_evaluate_is_refused_with_the_new_hooks_named():
    class OldStyle(ClassifyOnly):
        @hookimpl
        def kompensasi_evaluate(self, facts, context):
            return None

    registry = DecreeRegistry(builtin_package=None, entry_points=False)
    with pytest.raises(PluginError, match="kompensasi_classify, kompensasi_compensate and kompensasi_sanction"):
        registry.register(OldStyle(), "klasifikasi_2020")
    assert registry.names() == []


# -- each question on its own, through the registry ----------------------------------------


def test_each_hook_can_be_asked_on_its_own():
    """kompensasi_classify, kompensasi_compensate and kompensasi_sanction, each through the registry."""
    facts = load_facts(VIOLENCE)
    classification = REGISTRY.classify("kota_bekasi_2023", facts, _context())
    assert (classification.severity, [v.form for v in classification.violations]) == ("berat", ["cara"])
    compensations = REGISTRY.compensate("kota_bekasi_2023", facts, _context(), classification)
    assert [c.code for c in compensations if c.owed] == ["maaf_tertulis"]
    ruling = REGISTRY.sanction("kota_bekasi_2023", facts, _context())
    assert (ruling.required, ruling.decided_by) == (("proses_disiplin",), "pimpinan")
    assert "Lampiran C.1, kategori berat (cara pelayanan) angka 2" in ruling.citations


def test_compensate_and_sanction_are_not_asked_when_the_decree_does_not_apply():
    facts = load_facts({**VIOLENCE, "component": "biaya", "conduct": None})
    assert REGISTRY.classify("kota_bekasi_2023", facts, _context()).applies is False
    assert REGISTRY.compensate("kota_bekasi_2023", facts, _context()) == []
    assert REGISTRY.sanction("kota_bekasi_2023", facts, _context()) == SanctionRuling()


def _example_cases():
    for plugin in REGISTRY.names():
        data = REGISTRY.examples(plugin)
        for example in data["example"]:
            if "error_field" not in example.get("expected", {}):
                yield pytest.param(plugin, _merge(data["context"], example.get("context", {})), example["facts"],
                                   id=f"{plugin}:{example['name']}")


@pytest.mark.parametrize(("plugin", "spec", "raw"), list(_example_cases()))
def test_the_decision_is_the_composition_of_the_three_answers(plugin, spec, raw):
    facts, context = load_facts(raw), build_context(spec)
    classification = REGISTRY.classify(plugin, facts, context)
    composed = compose(REGISTRY.info(plugin), classification,
                       REGISTRY.compensate(plugin, facts, context, classification),
                       REGISTRY.sanction(plugin, facts, context, classification))
    assert composed.to_dict() == REGISTRY.evaluate(plugin, facts, context).to_dict()


def test_every_citation_of_a_decision_comes_from_one_of_its_answers():
    """Nothing is cited that no answer gave: the core adds no clause of its own."""
    facts = load_facts({**VIOLENCE, "component": "jangka_waktu", "lateness_days": 6.0, "user_in_jurisdiction": True})
    decision = REGISTRY.evaluate("kota_bekasi_2023", facts, _context())
    classification = REGISTRY.classify("kota_bekasi_2023", facts, _context())
    given = set(classification.citations)
    for item in REGISTRY.compensate("kota_bekasi_2023", facts, _context()):
        given |= set(item.citations)
    given |= set(REGISTRY.sanction("kota_bekasi_2023", facts, _context()).citations)
    assert set(decision.citations) == given


# -- complaints without figures (part 6) -----------------------------------------------------


@pytest.mark.parametrize(("plugin", "codes"), [
    ("prov_lampung_2024", ["maaf_tertulis", "penjelasan_klarifikasi", "prioritas_layanan"]),
    ("kab_belitung_2023", ["maaf_tertulis", "penjelasan_klarifikasi"]),
])
def test_a_decree_that_compensates_the_component_decides_without_figures(plugin, codes):
    facts = load_facts({"component": "jangka_waktu", "channel": "tertulis", "occurred_at": "2024-06-05T10:00:00+07:00"})
    decision = REGISTRY.evaluate(plugin, facts, _context())
    assert decision.applies and sorted(c.code for c in decision.compensations) == sorted(codes)
    assert any("tidak ada angka keterlambatan" in note for note in decision.notes)


def test_a_decree_that_grades_lateness_names_what_is_missing_field_by_field():
    from core.decrees.contract import FactsError

    facts = load_facts({"component": "jangka_waktu", "channel": "tertulis", "occurred_at": "2024-06-05T10:00:00+07:00"})
    with pytest.raises(FactsError) as caught:
        REGISTRY.evaluate("kota_bekasi_2023", facts, _context())
    assert set(caught.value.fields) == {"lateness_days", "service_request.service", "service_request.received_at"}


# -- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize("only", ["classify", "compensate", "sanction"])
def test_decree_evaluate_only_answers_one_question(app, runner, make_tenant, only):
    make_tenant("kota-bekasi-uji", plugin="kota_bekasi_2023")
    result = runner.invoke(args=["decree", "evaluate", "--tenant", "kota-bekasi-uji", "--only", only],
                           input=json.dumps(VIOLENCE))
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["decree"]["plugin"] == "kota_bekasi_2023" and answer["applies"] is True
    if only == "classify":
        assert answer["severity"] == "berat" and answer["violations"][0]["form"] == "cara"
        assert "compensations" not in answer and "sanctions" not in answer
    elif only == "compensate":
        assert [c["code"] for c in answer["compensations"]] == ["maaf_tertulis"]
        assert "Diktum KEEMPAT" in answer["compensations"][0]["citations"] and "sanctions" not in answer
    else:
        assert answer["sanctions"]["required"] == ["proses_disiplin"] and answer["sanctions"]["decided_by"] == "pimpinan"
        assert "compensations" not in answer


def test_decree_evaluate_refuses_an_unknown_question(app, runner, make_tenant):
    make_tenant("kota-bekasi-uji", plugin="kota_bekasi_2023")
    result = runner.invoke(args=["decree", "evaluate", "--tenant", "kota-bekasi-uji", "--only", "punish"],
                           input=json.dumps(VIOLENCE))
    assert result.exit_code == 2 and "classify" in result.output


def test_decree_compare_only_sanction_lines_up_every_decree(app, runner):
    result = runner.invoke(args=["decree", "compare", "--only", "sanction"], input=json.dumps(VIOLENCE))
    assert result.exit_code == 0, result.output
    answers = {a["decree"]["plugin"]: a for a in json.loads(result.output)}
    assert set(answers) == set(REGISTRY.names())
    assert answers["kota_bekasi_2023"]["sanctions"]["required"] == ["proses_disiplin"]
    assert answers["kab_belitung_2023"]["sanctions"]["choose_one_of"] == ["teguran", "pembinaan"]
    assert answers["prov_lampung_2024"]["applies"] is False
    assert answers["kab_bekasi_2023"]["applies"] is False
    assert all(set(a) == {"decree", "applies", "sanctions", "notes"} for a in answers.values())


# -- the API -------------------------------------------------------------------------------


def test_api_compare_with_only_lines_up_one_question(app, client, make_user):
    admin = make_user("admin_provinsi", province_code="32")
    response = client.post("/api/v1/decisions/compare", headers=auth(admin), json={**VIOLENCE, "only": "sanction"})
    assert response.status_code == 200, response.get_json()
    answers = {a["decree"]["plugin"]: a for a in response.get_json()}
    assert answers["kota_bekasi_2023"]["sanctions"]["decided_by"] == "pimpinan"
    assert answers["kab_belitung_2023"]["sanctions"]["choose_one_of"] == ["teguran", "pembinaan"]
    classify = client.post("/api/v1/decisions/compare", headers=auth(admin), json={**VIOLENCE, "only": "classify"})
    assert {a["decree"]["plugin"]: a["severity"] for a in classify.get_json()}["kota_bekasi_2023"] == "berat"
    whole = client.post("/api/v1/decisions/compare", headers=auth(admin), json=VIOLENCE).get_json()
    assert all("citations" in a and "sanctions" in a for a in whole)


@pytest.mark.parametrize("only", ["punish", 3, ["sanction"]])
def test_api_compare_refuses_an_unknown_question_naming_the_field(app, client, make_user, only):
    admin = make_user("admin_provinsi", province_code="32")
    response = client.post("/api/v1/decisions/compare", headers=auth(admin), json={**VIOLENCE, "only": only})
    assert response.status_code == 422 and "only" in response.get_json()["error"]["fields"]


def test_the_case_workflow_counts_lampungs_2x24_from_the_complaints_receipt(app, client, make_tenant, make_user):
    """A complaint filed days after the incident is not born overdue (Lampiran angka 8)."""
    tenant = make_tenant("lampung-uji", plugin="prov_lampung_2024")
    petugas = make_user("petugas", tenant)
    complaint = client.post("/api/v1/tenants/lampung-uji/complaints", headers=auth(petugas), json={
        "channel": "tertulis", "component": "biaya", "description": "Dipungut biaya",
        "occurred_at": "2024-06-03T10:00:00+07:00"}).get_json()
    url = f"/api/v1/tenants/lampung-uji/complaints/{complaint['id']}"
    client.post(f"{url}/transitions", headers={**auth(petugas), "If-Match": "1"}, json={"to": "verified"})
    client.post(f"{url}/transitions", headers={**auth(petugas), "If-Match": "2"}, json={"to": "under_assessment"})
    head = make_user("pimpinan", tenant)
    decision = client.post(f"{url}/decision", headers={**auth(head), "If-Match": "3"}, json={})
    assert decision.status_code == 201, decision.get_json()
    received = datetime.fromisoformat(complaint["received_at"])
    for item in decision.get_json()["compensations"]:
        due = datetime.fromisoformat(item["due_at"])
        assert (due - received).total_seconds() == pytest.approx(48 * 3600, abs=1)


@pytest.mark.parametrize(("facts", "field"), [
    ({"component": "jangka_waktu", "channel": "lisan", "lateness_days": 1e308}, "lateness_days"),
    ({"component": "biaya", "channel": "lisan", "occurred_at": "9999-12-31T23:00:00+07:00"}, "occurred_at"),
    ({"component": "biaya", "channel": "lisan", "complaint_received_at": "0001-01-01T00:00:00+07:00"}, "complaint_received_at"),
    ({"component": "jangka_waktu", "channel": "lisan",
      "service_request": {"service": "rujukan", "received_at": "0001-01-01T00:00:00+07:00"}}, "service_request.received_at"),
    ({"component": "biaya", "complaint_received_at": "2024-06-05T10:00:00+07:00"}, "complaint_received_at"),
    ({"component": "biaya", "channel": "lisan", "occurred_at": "2024-06-05T10:00:00+07:00",
      "complaint_received_at": "2024-06-04T10:00:00+07:00"}, "complaint_received_at"),
])
def test_facts_at_the_edges_of_time_are_refused_naming_the_field_never_a_server_error(app, client, make_tenant, make_user,
                                                                                       facts, field):
    tenant = make_tenant("kota-bekasi-uji", plugin="kota_bekasi_2023")
    petugas = make_user("petugas", tenant)
    response = client.post("/api/v1/tenants/kota-bekasi-uji/decisions/preview", headers=auth(petugas), json=facts)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"], response.get_json()


# -- only known codes; a broken plugin is reported, not fatal ---------------------------------


class UnknownCode(ClassifyOnly):
    @hookimpl
    def kompensasi_compensate(self, facts, classification, context):
        from core.decrees.contract import Compensation

        return [Compensation("voucher_belanja", "Pasal 3")]


def test_an_answer_outside_the_vocabulary_is_a_plugin_error():
    registry = DecreeRegistry(builtin_package=None, entry_points=False)
    registry.register(UnknownCode(), "klasifikasi_2020")
    facts = load_facts({"component": "biaya", "occurred_at": "2024-03-05T10:00:00+07:00"})
    with pytest.raises(PluginError, match="compensation 'voucher_belanja'"):
        registry.evaluate("klasifikasi_2020", facts, _context())


def test_a_refused_decision_is_logged_and_answered_503_never_passed_through(app, client, make_tenant, make_user, caplog):
    app.extensions["decrees"].register(UnknownCode(), "klasifikasi_2020")
    tenant = make_tenant("dinas-uji", plugin="klasifikasi_2020")
    petugas = make_user("petugas", tenant)
    response = client.post("/api/v1/tenants/dinas-uji/decisions/preview", headers=auth(petugas),
                           json={"component": "biaya", "channel": "lisan", "occurred_at": "2024-03-05T10:00:00+07:00"})
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "decree_refused"
    assert "voucher_belanja" not in response.get_data(as_text=True)
    assert any("voucher_belanja" in record.getMessage() for record in caplog.records)


def test_a_broken_plugin_is_set_aside_and_listed_while_the_others_work(tmp_path, monkeypatch, app, runner):
    package = tmp_path / "paket_uji"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "baik_2020.py").write_text(
        "from dataclasses import replace\n"
        "from tests.decree_fixture import FictionalDecree, INFO\n"
        "PLUGIN = FictionalDecree(replace(INFO, plugin='baik_2020'))\n")
    (package / "salah_ketik_2020.py").write_text(
        "from core.decrees import hookimpl\n"
        "@hookimpl\n"
        "def kompensasi_clasify(facts, context):\n"
        "    return None\n")
    (package / "rusak_2020.py").write_text("import modul_yang_tidak_ada\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = DecreeRegistry(builtin_package="paket_uji", entry_points=False)
    assert registry.names() == ["baik_2020"]
    assert set(registry.broken) == {"salah_ketik_2020", "rusak_2020"}
    assert "kompensasi_clasify" in registry.broken["salah_ketik_2020"]
    app.extensions["decrees"].broken.update(registry.broken)
    result = runner.invoke(args=["decree", "list"])
    assert result.exit_code == 0
    assert "salah_ketik_2020  BROKEN" in result.output and "rusak_2020  BROKEN" in result.output
    assert "kota_bekasi_2023" in result.output
    for module in [m for m in sys.modules if m.startswith("paket_uji")]:
        del sys.modules[module]


@pytest.mark.parametrize("only", [None, "compensate"])
def test_api_compare_carries_due_times_of_a_decree_that_sets_them(app, client, make_user, only):
    admin = make_user("admin_provinsi", province_code="18")
    facts = {"component": "biaya", "channel": "lisan", "occurred_at": "2024-06-05T10:00:00+07:00",
             "complaint_received_at": "2024-06-05T11:00:00+07:00", **({"only": only} if only else {})}
    response = client.post("/api/v1/decisions/compare", headers=auth(admin), json=facts)
    assert response.status_code == 200, response.get_json()
    lampung = next(a for a in response.get_json() if a["decree"]["plugin"] == "prov_lampung_2024")
    assert {c["due_at"] for c in lampung["compensations"]} == {"2024-06-07T11:00:00+07:00"}
