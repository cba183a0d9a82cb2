"""One harness for every decree's legal examples.

A plugin ships its examples as data (``examples.toml``): the facts of a case and
the decision the decree requires, with the clause. The same runner serves the
test suite and ``flask tenants sync``, which refuses to bind a tenant to a
decree whose own examples fail.

Example file layout::

    [context]                       # defaults for every example (all optional)
    timezone = "Asia/Jakarta"
    working_days = [0, 1, 2, 3, 4]  # Monday = 0
    periods = [["07:30", "12:00"], ["13:00", "16:00"]]
    national_holidays = true
    holidays = ["2024-03-11"]       # extra days off
    kahar = [["2024-03-01T00:00:00+07:00", "2024-03-03T00:00:00+07:00"]]
    catalogue = { rujukan = "7 hari kerja" }
    settings = {}

    [[example]]
    name = "sedang: 3 working days late"
    citation = "Lampiran E.2, kategori sedang (waktu)"
    facts = { component = "jangka_waktu", lateness_days = 3.0, occurred_at = "2024-03-05T10:00:00+07:00" }
    context = { settings = { ... } }   # optional, merged over [context]
    [example.expected]
    applies = true
    severity = "sedang"                       # "null" where the decree grades nothing
    compensations = ["maaf_tertulis"]           # codes, order-insensitive
    due_at = { maaf_tertulis = "2024-03-07T10:00:00+07:00" }
    sanctions_required = []
    sanctions_choose_one_of = []
    citations_include = ["Lampiran E.2"]      # substrings that must appear
    notes_include = ["hari kerja"]                 # substrings of the notes (Bahasa Indonesia)
    forms = ["waktu"]                        # the classification's violation forms, order-insensitive
    error_field = "lateness_days"            # instead of a decision: FactsError naming this field

    [[deadline]]                    # a service's time norm, as the tenant's clock will run it
    name = "Bantuan sosial: 2 days from the berkas's receipt"
    citation = "Lampiran II, Jangka Waktu Penyelesaian"
    service = "bantuan_sosial_ppks"  # from the decree's own catalogue, or [context] catalogue
    request = { received_at = "2024-03-04T10:00:00+07:00" }
    clock_starts = "diterima"        # or "berkas_lengkap"
    due_at = "2024-03-06T10:00:00+07:00"   # "" while no deadline is known
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from core.decrees.contract import EvaluationContext, FactsError, ServiceRequestFacts
from core.decrees.facts import flatten_errors, load_facts
from core.decrees.registry import DecreeRegistry
from core.timekeeping.calendar import WorkingCalendar
from core.timekeeping.lateness import request_deadline
from core.timekeeping.norms import parse_time_norm


@dataclass(frozen=True)
class ExampleFailure:
    plugin: str
    name: str
    problems: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.plugin}: example {self.name!r}: " + "; ".join(self.problems)


def load_examples_file(path: str | Path) -> dict:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    data.setdefault("context", {})
    data.setdefault("example", [])
    data.setdefault("deadline", [])
    return data


def _time(text: str) -> time:
    return time.fromisoformat(text)


def build_context(spec: dict[str, Any]) -> EvaluationContext:
    """An evaluation context from an examples file's ``[context]`` table."""
    kwargs: dict[str, Any] = {"timezone": spec.get("timezone", "Asia/Jakarta")}
    if "working_days" in spec:
        kwargs["working_days"] = tuple(spec["working_days"])
    if "periods" in spec:
        kwargs["periods"] = tuple((_time(a), _time(b)) for a, b in spec["periods"])
    kwargs["national_holidays"] = spec.get("national_holidays", True)
    kwargs["days_off"] = {date.fromisoformat(d): "libur" for d in spec.get("holidays", [])}
    kwargs["kahar"] = tuple(
        (datetime.fromisoformat(a), datetime.fromisoformat(b) if b else None) for a, b in spec.get("kahar", [])
    )
    calendar = WorkingCalendar(**kwargs)
    catalogue = {code: parse_time_norm(text) for code, text in spec.get("catalogue", {}).items()}
    return EvaluationContext(calendar=calendar, catalogue=catalogue, settings=dict(spec.get("settings", {})))


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def check_example(registry: DecreeRegistry, plugin: str, defaults: dict, example: dict) -> list[str]:
    """The ways one example's decision differs from what it expects; empty when it holds."""
    expected = example.get("expected", {})
    context = build_context(_merge(defaults, example.get("context", {})))
    try:
        facts = load_facts(example["facts"])
        decision = registry.evaluate(plugin, facts, context)
        forms = sorted(v.form for v in registry.classify(plugin, facts, context).violations)
    except ValidationError as exc:
        fields_ = sorted(flatten_errors(exc.messages))
        if expected.get("error_field") in fields_:
            return []
        return [f"facts rejected: {flatten_errors(exc.messages)}"]
    except FactsError as exc:
        if expected.get("error_field") in exc.fields:
            return []
        return [f"raised FactsError on {sorted(exc.fields)}: {exc.message}"]
    if "error_field" in expected:
        return [f"expected an error on {expected['error_field']!r}, got a decision"]

    problems: list[str] = []
    got = decision.to_dict()
    for key in ("applies", "severity"):
        want = None if expected.get(key) == "null" else expected.get(key)
        if key in expected and got[key] != want:
            problems.append(f"{key}: expected {want!r}, got {got[key]!r}")
    if "forms" in expected and forms != sorted(expected["forms"]):
        problems.append(f"forms: expected {sorted(expected['forms'])}, got {forms}")
    if "compensations" in expected:
        codes = sorted(c["code"] for c in got["compensations"])
        if codes != sorted(expected["compensations"]):
            problems.append(f"compensations: expected {sorted(expected['compensations'])}, got {codes}")
    for code, when in expected.get("due_at", {}).items():
        actual = [c["due_at"] for c in got["compensations"] if c["code"] == code]
        want = datetime.fromisoformat(when) if when else None
        if not actual or (datetime.fromisoformat(actual[0]) if actual[0] else None) != want:
            problems.append(f"due_at of {code}: expected {when}, got {actual}")
    for key, got_key in (("sanctions_required", "required"), ("sanctions_choose_one_of", "choose_one_of")):
        if key in expected and sorted(got["sanctions"][got_key]) != sorted(expected[key]):
            problems.append(f"{key}: expected {expected[key]}, got {got['sanctions'][got_key]}")
    for key, got_key in (("citations_include", "citations"), ("notes_include", "notes")):
        haystack = " | ".join(got[got_key] + ([c["citation"] for c in got["compensations"]] if got_key == "citations" else []))
        for needle in expected.get(key, []):
            if needle not in haystack:
                problems.append(f"{got_key}: expected to mention {needle!r}, got {got[got_key]}")
    for comp in got["compensations"]:
        if not comp["citation"]:
            problems.append(f"compensation {comp['code']} has no citation")
    if decision.applies and not got["citations"]:
        problems.append("a decision that applies must cite its clauses")
    return problems


def check_deadline(registry: DecreeRegistry, plugin: str, defaults: dict, row: dict) -> list[str]:
    """The ways one deadline example differs: a service of the decree's own catalogue (or of the
    context's), a request's times, and the moment it is due and when its clock starts."""
    context = build_context(_merge(defaults, row.get("context", {})))
    texts = {s["code"]: s["time_norm"] for s in registry.service_catalogue(plugin)}
    texts.update(_merge(defaults, row.get("context", {})).get("catalogue", {}))
    if row["service"] not in texts:
        return [f"no service {row['service']!r} in the decree's catalogue or the example's context"]
    norm = parse_time_norm(texts[row["service"]])
    times = {key: datetime.fromisoformat(value) for key, value in row.get("request", {}).items()}
    request = ServiceRequestFacts(service=row["service"], **times)
    problems = []
    if "clock_starts" in row and norm.clock_starts != row["clock_starts"]:
        problems.append(f"clock_starts: expected {row['clock_starts']!r}, got {norm.clock_starts!r}")
    due = request_deadline(norm, request, context.calendar)
    want = datetime.fromisoformat(row["due_at"]) if row.get("due_at") else None
    if due != want:
        problems.append(f"due_at: expected {want}, got {due}")
    return problems


def run_examples(registry: DecreeRegistry, plugin: str) -> list[ExampleFailure]:
    data = registry.examples(plugin)
    failures = []
    checks = [(check_example, row) for row in data.get("example", [])]
    checks += [(check_deadline, row) for row in data.get("deadline", [])]
    for check, row in checks:
        problems = check(registry, plugin, data.get("context", {}), row)
        if problems:
            failures.append(ExampleFailure(plugin, row.get("name", "?"), tuple(problems)))
    return failures
