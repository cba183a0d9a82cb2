"""A fictional decree plugin for the core's tests: it proves the plugin mechanism
without depending on any real decree."""

from __future__ import annotations

from datetime import date

from core.decrees import hookimpl
from core.decrees.contract import Classification, Compensation, DecreeInfo, Violation

INFO = DecreeInfo(
    plugin="fiktif_2020",
    number="000/FIKTIF/2020",
    title="Keputusan fiktif untuk pengujian",
    signed_on=date(2020, 1, 1),
    effective_from=date(2020, 1, 1),
    jurisdiction="Kota Fiktif",
    level="kota",
    scope="semua layanan",
    source="(none: test fixture)",
    version="0.0.1",
)


class FictionalDecree:
    """Every breach earns an oral apology; lateness over 2 days a written one. It sets no sanction rule."""

    def __init__(self, info: DecreeInfo = INFO, examples: dict | None = None):
        self.info = info
        self._examples = examples if examples is not None else {
            "context": {},
            "example": [
                {
                    "name": "oral apology for a short delay",
                    "citation": "Pasal 1",
                    "facts": {"component": "jangka_waktu", "lateness_days": 1.0, "occurred_at": "2024-01-02T10:00:00+07:00"},
                    "expected": {"applies": True, "compensations": ["maaf_lisan"]},
                },
            ],
        }

    @hookimpl
    def kompensasi_decree(self):
        return self.info

    @hookimpl
    def kompensasi_classify(self, facts, context):
        lateness = context.require_lateness(facts, "the fictional decree grades lateness") if facts.component == "jangka_waktu" else None
        violation = Violation(facts.component, "Pasal 1")
        return Classification(True, facts.component, (violation,), lateness=lateness, citations=("Pasal 1",))

    @hookimpl
    def kompensasi_compensate(self, facts, classification, context):
        late = classification.lateness is not None and classification.lateness.days > 2
        return [Compensation("maaf_tertulis" if late else "maaf_lisan", "Pasal 1")]

    @hookimpl
    def kompensasi_examples(self):
        return self._examples
