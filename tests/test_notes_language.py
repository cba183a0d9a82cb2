"""A decision's notes are written in Bahasa Indonesia (docs/plugins.md, "Notes are written in
Bahasa Indonesia"): they are shown as they are on the decision and case pages and returned by the
API. Every note every installed decree gives on its own legal examples, and the core's own notes,
are checked for English words; the decrees' terms and the vocabulary's codes stay as they are."""

import re

import pytest
from marshmallow import ValidationError

from core.decrees.compose import NO_COMPENSATION_RULE, NO_SANCTION_RULE
from core.decrees.contract import FactsError
from core.decrees.examples import build_context
from core.decrees.facts import load_facts
from core.decrees.package import APOLOGY_FORM_NOTE, HEAD_CHOOSES_NOTE, MERGED_APOLOGY_NOTE, RECEIPT_NOT_GIVEN_NOTE
from core.decrees.registry import NO_CLASSIFICATION_RULE, DecreeRegistry

REGISTRY = DecreeRegistry()

# Words of English prose that Bahasa Indonesia never uses: a note containing one was not translated.
# Codes (documents_complete_at, kahar_stops_clock) do not match: \b treats "_" as part of a word.
ENGLISH = re.compile(
    r"\b(the|is|are|was|were|and|of|not|with|without|after|before|only|given|decides|owed|"
    r"interpretation|lateness|days?|hours|complaint|apology|head|within|outside|counted|breach)\b",
    re.IGNORECASE,
)


def _merged(base: dict, override: dict) -> dict:
    """An example's context over the file's [context], table by table (as the examples harness reads it)."""
    return {**base, **{key: _merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict)
                       else value for key, value in override.items()}}


def _example_notes(plugin: str) -> list[str]:
    """Every note of the decision and of each question's answer, for each of the plugin's examples."""
    data = REGISTRY.examples(plugin)
    notes: list[str] = []
    for example in data["example"]:
        context = build_context(_merged(data.get("context", {}), example.get("context", {})))
        try:
            facts = load_facts(example["facts"])
            notes += REGISTRY.evaluate(plugin, facts, context).notes
            compensated = REGISTRY.part(plugin, facts, context, "compensate")
        except (FactsError, ValidationError):
            continue  # an example that expects an error has no notes to read
        notes += compensated["notes"] + [n for item in compensated["compensations"] for n in item["notes"]]
        notes += REGISTRY.part(plugin, facts, context, "sanction")["notes"]
    return notes


def _english(notes: list[str]) -> list[str]:
    return sorted({note for note in notes if ENGLISH.search(note)})


@pytest.mark.parametrize("plugin", REGISTRY.names())
def test_every_note_of_a_decree_is_in_bahasa_indonesia(plugin):
    notes = _example_notes(plugin)
    assert notes, f"{plugin}'s examples give no notes to read"
    assert _english(notes) == []


@pytest.mark.parametrize("plugin", REGISTRY.names())
def test_interpretations_are_marked_tafsiran(plugin):
    """Every reading the platform takes stays visible to the reader, now as "(tafsiran)"."""
    notes = _example_notes(plugin)
    assert not [n for n in notes if "interpretation" in n.lower()]
    if plugin != "kab_bekasi_2023":  # a service-standard decree: nothing to interpret, the head decides
        assert any("(tafsiran" in n for n in notes), f"{plugin} names no interpretation"


def test_the_cores_own_notes_are_in_bahasa_indonesia():
    core_notes = [NO_COMPENSATION_RULE, NO_SANCTION_RULE, NO_CLASSIFICATION_RULE, APOLOGY_FORM_NOTE,
                  HEAD_CHOOSES_NOTE, MERGED_APOLOGY_NOTE, RECEIPT_NOT_GIVEN_NOTE]
    assert _english(core_notes) == []
    assert "pimpinan" in NO_COMPENSATION_RULE and "tidak mengatur kompensasi" in NO_COMPENSATION_RULE
    assert "'dapat berupa' teguran atau pembinaan" in HEAD_CHOOSES_NOTE, "the decree's own words are kept"


def test_numbers_keep_their_format():
    """Kota Bekasi Lampiran E.2: lateness is named in days, formatted as given ("2 hari", "0.4 hari")."""
    notes = _example_notes("kota_bekasi_2023")
    assert "keterlambatan 2 hari, dihitung dalam hari kerja (tafsiran)" in notes
    assert "keterlambatan 0.4 hari, dihitung dalam hari kerja (tafsiran)" in notes
