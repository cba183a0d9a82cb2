"""The decree toolkit: data files, metadata, and the rules several decrees share (the apology
form, one written apology for two rules, the 2x24-hour deadline)."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from core.decrees import hookimpl
from core.decrees.contract import Compensation, DecreeInfo, EvaluationContext, unique
from core.decrees.examples import load_examples_file
from core.timekeeping.calendar import ClockStopped


def load_tables(package_file: str, name: str = "tables.toml") -> dict[str, Any]:
    with open(Path(package_file).parent / name, "rb") as handle:
        return tomllib.load(handle)


def load_examples(package_file: str) -> dict:
    return load_examples_file(Path(package_file).parent / "examples.toml")


def decree_info(plugin: str, meta: dict[str, Any]) -> DecreeInfo:
    """DecreeInfo from a ``[decree]`` table."""

    def day(value: Any) -> date | None:
        return None if value in (None, "") else date.fromisoformat(str(value))

    return DecreeInfo(
        plugin=plugin,
        number=meta["number"],
        title=meta["title"],
        signed_on=day(meta["signed_on"]),
        effective_from=day(meta["effective_from"]),
        effective_until=day(meta.get("effective_until")),
        jurisdiction=meta["jurisdiction"],
        level=meta["level"],
        province=meta.get("province"),
        scope=meta["scope"],
        source=meta["source"],
        version=meta["version"],
        kind=meta.get("kind", "kompensasi"),
        notes=tuple(meta.get("notes", ())),
        kahar_clause=meta.get("kahar"),
        draft=bool(meta.get("draft", False)),
        kahar_claim_clause=meta.get("kahar_claim"),
        oral_claim_clause=meta.get("oral_claim"),
    )


class DecreePackage:
    """A decree package as a plugin: its metadata and legal examples from its data files, and
    the judgement hooks wired to its rules module.

    ``rules`` is a module of pure functions over the decree's tables: ``classify(tables, facts,
    context)``, ``compensate(tables, facts, classification, context)``,
    ``sanction(tables, facts, classification, context)``, for a service-standard decree
    ``service_catalogue(package_file)``, and ``situations(tables, moment)`` for the situations
    its tables tell apart beyond one complaint per component (the decree matrix). A function the module does not define is a rule the
    decree does not set: the hook answers None and the decision says so. The package's
    ``__init__`` exposes it for the registry::

        PLUGIN = DecreePackage(__file__, "kota_bekasi_2023", rules)
    """

    def __init__(self, package_file: str, plugin: str, rules: ModuleType | None = None):
        self.package_file = package_file
        self.tables = load_tables(package_file)
        self.info = decree_info(plugin, self.tables["decree"])
        self.rules = rules
        catalogue = self._rule("service_catalogue")
        self.catalogue = catalogue(package_file) if catalogue else []

    def _rule(self, name: str):
        return getattr(self.rules, name, None)

    def _ask(self, name: str, *arguments: Any):
        rule = self._rule(name)
        return rule(self.tables, *arguments) if rule else None

    @hookimpl
    def kompensasi_decree(self) -> DecreeInfo:
        return self.info

    @hookimpl
    def kompensasi_examples(self) -> dict:
        return load_examples(self.package_file)

    @hookimpl
    def kompensasi_service_catalogue(self) -> list[dict]:
        return self.catalogue

    @hookimpl
    def kompensasi_situations(self, moment):
        situations = self._rule("situations")
        return situations(self.tables, moment) if situations else []

    @hookimpl
    def kompensasi_classify(self, facts, context):
        return self._ask("classify", facts, context)

    @hookimpl
    def kompensasi_compensate(self, facts, classification, context):
        return self._ask("compensate", facts, classification, context)

    @hookimpl
    def kompensasi_sanction(self, facts, classification, context):
        return self._ask("sanction", facts, classification, context)


# -- rules several decrees share, each an interpretation named where it is used ----------

APOLOGY_FORM_NOTE = ("bentuk permohonan maaf mengikuti saluran pengaduan: lisan -> maaf_lisan, selain itu "
                     "maaf_tertulis (tafsiran)")
MERGED_APOLOGY_NOTE = "satu permohonan maaf tertulis menjawab kedua aturan (tafsiran)"
HEAD_CHOOSES_NOTE = ("keputusan menyebut sanksi 'dapat berupa' teguran atau pembinaan tanpa kriteria: "
                     "pimpinan memilih salah satu, atau tidak satu pun dengan alasan (tafsiran)")
RECEIPT_NOT_GIVEN_NOTE = "waktu diterimanya pengaduan tidak diberikan: dianggap sama dengan occurred_at"


def apology(channel: str | None, citation: str, **extra: Any) -> Compensation:
    """The apology-form rule: where a decree says only "permohonan maaf", the apology takes the
    form of the complaint. A breach the platform detected itself (no channel) is answered in
    writing, since there is no conversation to apologise in."""
    notes = (APOLOGY_FORM_NOTE, *extra.pop("notes", ()))
    return Compensation("maaf_lisan" if channel == "lisan" else "maaf_tertulis", citation, notes=notes, **extra)


def merge_apologies(compensations: list[Compensation]) -> list[Compensation]:
    """Where two rules each owe an apology, one written apology answers both (interpretation);
    a code owed by two rules is given once, carrying what governs both."""
    merged: dict[tuple[str, bool], Compensation] = {}
    folded: list[Compensation] = []
    written = any(c.code == "maaf_tertulis" and c.owed for c in compensations)
    for item in compensations:
        if written and item.owed and item.code == "maaf_lisan":
            folded.append(replace(item, notes=(*item.notes, MERGED_APOLOGY_NOTE)))
            continue
        key = (item.code, item.owed)
        merged[key] = _fold(merged[key], item) if key in merged else item
    for item in folded:
        merged[("maaf_tertulis", True)] = _fold(merged[("maaf_tertulis", True)], replace(item, citation=""))
    return list(merged.values())


def _fold(first: Compensation, other: Compensation) -> Compensation:
    citations = (*first.citations, *([other.citation] if other.citation != first.citation else []), *other.citations)
    return replace(first, citations=tuple(c for c in unique(citations) if c),
                   notes=tuple(unique((*first.notes, *other.notes))))


def two_by_24_deadline(start: datetime, context: EvaluationContext, rule: dict[str, Any], after: str) -> tuple[datetime | None, str]:
    """The "2 x 24 jam" of Belitung's and Lampung's decrees, from ``start``, and the note that
    says how it was counted: 48 elapsed hours (interpretation), or two working days where the
    tenant sets ``two_by_24_as_working_days``. None while a keadaan kahar that stops the
    decree's clocks has not ended."""
    try:
        if context.settings.get("two_by_24_as_working_days"):
            due = context.calendar.add(start, rule["working_days"], "hari", working=True)
            return due, "2x24 jam dihitung sebagai dua hari kerja (pengaturan instansi)"
        due = context.calendar.add(start, rule["hours"], "jam", working=False)
        return due, f"2x24 jam dihitung sebagai 48 jam berturut-turut sejak {after} (tafsiran)"
    except ClockStopped as stopped:
        return None, (f"2x24 jam sejak {after}: perhitungan waktu terhenti oleh keadaan kahar yang berlaku sejak "
                      f"{stopped.since.isoformat()}")
