"""Building blocks for decree packages: data files, metadata, the hooks, the apology-form rule."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from core.decrees import hookimpl
from core.decrees.contract import Compensation, DecreeInfo
from core.decrees.examples import load_examples_file


def load_tables(package_file: str, name: str = "tables.toml") -> dict[str, Any]:
    with open(Path(package_file).parent / name, "rb") as handle:
        return tomllib.load(handle)


def load_examples(package_file: str) -> dict:
    return load_examples_file(Path(package_file).parent / "examples.toml")


def decree_info(plugin: str, meta: dict[str, Any], **extra: Any) -> DecreeInfo:
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
        **extra,
    )


class DecreePackage:
    """The hooks every decree package answers the same way, from its own data files.

    A package module exposes the bound hooks as module attributes, so pluggy
    registers the module as the plugin::

        PACKAGE = DecreePackage(__file__, "kota_bekasi_2023", rules.decide)
        kompensasi_decree = PACKAGE.kompensasi_decree
    """

    def __init__(self, package_file: str, plugin: str, decide, **info: Any):
        self.package_file = package_file
        self.tables = load_tables(package_file)
        self.info = decree_info(plugin, self.tables["decree"], **info)
        self._decide = decide

    @hookimpl
    def kompensasi_decree(self) -> DecreeInfo:
        return self.info

    @hookimpl
    def kompensasi_evaluate(self, facts, context):
        return self._decide(self.info, self.tables, facts, context)

    @hookimpl
    def kompensasi_examples(self) -> dict:
        return load_examples(self.package_file)


APOLOGY_FORM_NOTE = "apology form follows the complaint's channel: lisan -> maaf_lisan, otherwise maaf_tertulis (interpretation)"


def apology(channel: str | None, citation: str) -> Compensation:
    """The apology-form rule (DOMAIN.md): where a decree says only "permohonan maaf", the apology
    takes the form of the complaint. A breach the platform detected itself (no channel) is
    answered in writing, since there is no conversation to apologise in."""
    return Compensation("maaf_lisan" if channel == "lisan" else "maaf_tertulis", citation)


def merge_apologies(compensations: list[Compensation], notes: list[str]) -> list[Compensation]:
    """Where two rules each owe an apology, one written apology answers both (interpretation)."""
    codes = {c.code for c in compensations}
    if {"maaf_lisan", "maaf_tertulis"} <= codes:
        notes.append("one written apology answers both rules (interpretation)")
        compensations = [c for c in compensations if c.code != "maaf_lisan"]
    seen: set[str] = set()
    unique = []
    for c in compensations:
        if c.code not in seen:
            seen.add(c.code)
            unique.append(c)
    return unique
