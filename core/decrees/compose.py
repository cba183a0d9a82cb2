"""One decision from three answers, and each answer on its own as JSON.

The decision JSON is the contract every surface shows (``docs/domain.md``); the
parts are what ``--only classify|compensate|sanction`` and a comparison by
question show: the same answers, with the detail the whole decision folds away
(items not owed, who decides a sanction).
"""

from __future__ import annotations

from typing import Any

from core.decrees.contract import Classification, Compensation, Decision, DecreeInfo, SanctionRuling, unique

PARTS = ("classify", "compensate", "sanction")
NO_COMPENSATION_RULE = "keputusan ini tidak mengatur kompensasi: pimpinan yang memutuskan"
NO_SANCTION_RULE = ("keputusan ini tidak mengatur sanksi: atasan petugas yang memutuskan sesuai ketentuan "
                    "peraturan perundang-undangan")


def compose(
    info: DecreeInfo,
    classification: Classification,
    compensations: list[Compensation] | None,
    ruling: SanctionRuling | None,
) -> Decision:
    """The decision: the classification's verdict, the compensations owed, the sanctions.

    ``compensations``/``ruling`` None means the decree has no such rule (the hook is
    not implemented); they are ignored when the decree does not apply.
    """
    citations = list(classification.citations)
    notes = list(classification.notes)
    decision = Decision(decree=info, applies=classification.applies, severity=classification.severity)
    if classification.applies:
        if compensations is None:
            notes.append(NO_COMPENSATION_RULE)
        for item in compensations or ():
            citations += item.citations
            notes += item.notes
            if item.owed:
                decision.compensations.append(item)
        if ruling is None:
            notes.append(NO_SANCTION_RULE)
        else:
            decision.sanctions_required = list(ruling.required)
            decision.sanctions_choose_one_of = list(ruling.choose_one_of)
            citations += ruling.citations
            notes += ruling.notes
    decision.citations, decision.notes = unique(citations), unique(notes)
    return decision


def classification_part(info: DecreeInfo, classification: Classification) -> dict[str, Any]:
    return {"decree": info.ref(), **classification.to_dict()}


def _why_nothing(classification: Classification, answer: Any, no_rule: str) -> list[str]:
    """The notes a part carries of its own: why the decree does not apply, or that it has no such rule."""
    if not classification.applies:
        return list(classification.notes)
    return [no_rule] if answer is None else []


def compensation_part(
    info: DecreeInfo, classification: Classification, compensations: list[Compensation] | None
) -> dict[str, Any]:
    return {
        "decree": info.ref(), "applies": classification.applies,
        "compensations": [item.to_detail() for item in compensations or ()],
        "notes": _why_nothing(classification, compensations, NO_COMPENSATION_RULE),
    }


def sanction_part(info: DecreeInfo, classification: Classification, ruling: SanctionRuling | None) -> dict[str, Any]:
    return {
        "decree": info.ref(), "applies": classification.applies,
        "sanctions": (ruling or SanctionRuling()).to_detail(),
        "notes": _why_nothing(classification, ruling, NO_SANCTION_RULE),
    }


def part_of(only: str, info: DecreeInfo, classification: Classification, answer: Any = None) -> dict[str, Any]:
    """The JSON of one question: ``answer`` is the compensations or the ruling (None: no rule)."""
    if only == "classify":
        return classification_part(info, classification)
    if only == "compensate":
        return compensation_part(info, classification, answer)
    if only == "sanction":
        return sanction_part(info, classification, answer)
    raise ValueError(f"only must be one of {', '.join(PARTS)}")
