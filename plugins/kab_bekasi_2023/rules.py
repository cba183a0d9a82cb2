"""Kabupaten Bekasi OR.02/2308/DINSOS/2023: a service-standard decree.

It defines what each service promises (catalogue.toml) and, in its Maklumat
Pelayanan, that the agency accepts sanctions under the law when it misses the
standard. It grades no violation and names no compensation, so every
classification says so plainly instead of guessing one, and there is no
compensate or sanction function here: the decree sets neither rule.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from core.decrees.contract import Classification, EvaluationContext, Facts


def classify(tables: dict[str, Any], facts: Facts, context: EvaluationContext) -> Classification:
    """No compensation rule: applies is false whatever the component; the head decides.

    Interpretation: the decree grades nothing, so a jangka_waktu fact needs no lateness
    here (asking for one would suggest the answer depends on it)."""
    rule = tables["no_rule"]
    return Classification(False, facts.component, citations=tuple(rule["citations"]),
                          notes=(rule["text"], rule["maklumat"]))


def service_catalogue(package_file: str) -> list[dict[str, Any]]:
    """Lampiran I-II: the 14 services with the 14 components of each (catalogue.toml)."""
    with open(Path(package_file).parent / "catalogue.toml", "rb") as handle:
        services = tomllib.load(handle)["service"]
    return [
        {
            "code": s["code"], "name": s["name"], "unit": s["unit"], "citation": s["citation"],
            "time_norm": s["time_norm"], "components": dict(s["components"]),
        }
        for s in services
    ]
