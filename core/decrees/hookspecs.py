"""The hooks a decree plugin implements.

Each plugin is one module (or package) registered under its decree code, e.g.
``kota_bekasi_2023``. Plugins write ``from core.decrees import hookimpl``.
Dispatch to one decree goes through :mod:`core.decrees.registry`, which calls a
hook on that plugin alone; no plugin ever sees another tenant's facts.

A decree answers three questions, one hook each, asked in this order:

1. :func:`kompensasi_classify` — what kind of breach is this (the officer's question);
2. :func:`kompensasi_compensate` — what does the user receive, by when (the head's);
3. :func:`kompensasi_sanction` — what happens to the officer (the personnel side's).

The core composes the three answers into one decision (``docs/domain.md``); it
asks the second and third only when the first says the decree applies. Only
``kompensasi_decree`` is required: a decree without a compensation or sanction
rule simply does not implement that hook, and its decisions say so.
"""

from __future__ import annotations

from core.decrees import hookspec
from datetime import datetime

from core.decrees.contract import (
    Classification, Compensation, DecreeInfo, EvaluationContext, Facts, SanctionRuling, Situation,
)

# ---------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------


@hookspec
def kompensasi_decree() -> DecreeInfo:
    """Declare the decree this plugin encodes.

    Called on every plugin at load time; the registry keys plugins by
    ``DecreeInfo.plugin``, which must equal the name the plugin is registered under.

    :returns: the decree's number, title, signing and effective dates,
        jurisdiction, scope, source file, the plugin's version, and the clause by
        which keadaan kahar stops its time norm (if it has one).
    """


# ---------------------------------------------------------------------------
# Judgement: classify, then compensate and sanction
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def kompensasi_classify(facts: Facts, context: EvaluationContext) -> Classification | None:
    """Say what kind of breach the facts are under this decree.

    Called on one plugin only, after the core has checked that the decree was in
    force on ``facts.occurred_at``. Decides whether the decree applies, the
    violation's form(s) (waktu / cara / component / gangguan), the severity where
    the decree grades one, and the lateness it used; cites every clause and names
    every interpretation taken in ``notes``.

    :param facts: validated facts (codes of :mod:`core.vocabulary`).
    :param context: the tenant's calendar (with the keadaan kahar periods that stop
        this decree's clocks), service catalogue and decree settings.
    :returns: the classification; ``applies=False`` with a note when the decree has
        no rule for the facts. Raise :class:`~core.decrees.contract.FactsError`
        naming each field when the facts cannot be judged (a decree that grades
        lateness and was given no figures).

    Stops at the first non-None result.
    """


@hookspec(firstresult=True)
def kompensasi_compensate(
    facts: Facts, classification: Classification, context: EvaluationContext
) -> list[Compensation] | None:
    """Say what the user receives for a classified breach, and by when.

    Called on one plugin only, and only when ``classification.applies``. Each
    compensation carries its clause, its due time where the decree sets one, and
    in its ``citations``/``notes`` what governs it: domicile conditions, how it is
    claimed, the deadline rule, interpretations. An item whose condition is not
    met is returned with ``owed=False`` so the decision can say why.

    :param facts: the same facts the classification was made from.
    :param classification: this decree's own classification of the facts.
    :param context: as for :func:`kompensasi_classify`.
    :returns: the compensations, possibly empty (a note on an ``owed=False`` item,
        or the classification's notes, say why nothing is owed). A plugin that does
        not implement this hook sets no compensation rule.

    Stops at the first non-None result.
    """


@hookspec(firstresult=True)
def kompensasi_sanction(
    facts: Facts, classification: Classification, context: EvaluationContext
) -> SanctionRuling | None:
    """Say what the officer faces for a classified breach, and who decides.

    Called on one plugin only, and only when ``classification.applies``.
    Sanctions the decree requires go in ``required``; where it offers a choice
    ("dapat berupa teguran atau pembinaan") they go in ``choose_one_of`` and the
    ruling says who decides and that none may be chosen with a reason.

    :param facts: the same facts the classification was made from.
    :param classification: this decree's own classification of the facts.
    :param context: as for :func:`kompensasi_classify`.
    :returns: the ruling with its citations; an empty ruling where the decree
        sets no sanction for these facts (no officer at fault). A plugin that does
        not implement this hook sets no sanction rule.

    Stops at the first non-None result.
    """


# ---------------------------------------------------------------------------
# Data the plugin ships
# ---------------------------------------------------------------------------


@hookspec
def kompensasi_service_catalogue() -> list[dict]:
    """Give the service types the decree itself defines (service-standard decrees).

    :returns: a list of service types, each a dict with ``code``, ``name``,
        ``unit`` (the organisational unit), ``components`` (the 14 components of
        the Standar Pelayanan, keyed by :data:`core.vocabulary.STANDARD_COMPONENTS`)
        and ``time_norm`` (the jangka waktu as written). Empty for decrees that
        define no catalogue.
    """


@hookspec
def kompensasi_examples() -> list[dict]:
    """Give the decree's legal examples: facts and the decision the decree requires.

    :returns: the parsed examples file (see ``docs/plugins.md``): a dict with
        ``context`` defaults and a list of ``example`` rows. Run by
        :func:`core.decrees.examples.run_examples` in the test suite and before
        ``flask tenants sync`` binds a tenant to the decree.
    """


@hookspec
def kompensasi_situations(moment: datetime) -> list[Situation]:
    """Describe, as facts, the situations the decree's tables tell apart (optional, read-only).

    The decree matrix (``docs/province_decrees.md``) asks the three hooks about one written
    complaint per component, with and without each officer conduct, received at ``moment``.
    A decree whose rules turn on more than that lists the other situations here, one per row of
    its tables: a lateness band, a request unfinished after berkas lengkap, a gangguan. The
    answers shown are the hooks' own; this hook only says which questions to ask.

    :param moment: when the breach occurred and the complaint was received (aware).
    :returns: the situations, each with a label and the clause of the row it comes from; empty
        (or not implemented) when one complaint per component covers the decree.
    """
