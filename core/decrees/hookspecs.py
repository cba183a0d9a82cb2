"""The hooks a decree plugin implements.

Each plugin is one module (or package) registered under its decree code, e.g.
``kota_bekasi_2023``. Plugins write ``from core.decrees import hookimpl``.
Dispatch to one decree goes through :mod:`core.decrees.registry`, which calls a
hook on that plugin alone; no plugin ever sees another tenant's facts.
"""

from __future__ import annotations

from core.decrees import hookspec
from core.decrees.contract import Decision, DecreeInfo, EvaluationContext, Facts

# ---------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------


@hookspec
def kompensasi_decree() -> DecreeInfo:
    """Declare the decree this plugin encodes.

    Called on every plugin at load time; the registry keys plugins by
    ``DecreeInfo.plugin``, which must equal the name the plugin is registered under.

    :returns: the decree's number, title, signing and effective dates,
        jurisdiction, scope, source file and the plugin's version.
    """


# ---------------------------------------------------------------------------
# Judgement
# ---------------------------------------------------------------------------


@hookspec(firstresult=True)
def kompensasi_evaluate(facts: Facts, context: EvaluationContext) -> Decision | None:
    """Say what this decree rules for the facts.

    Called on one plugin only, after the core has checked that the decree was in
    force on ``facts.occurred_at``. Every compensation and sanction carries its
    citation; every interpretation taken is named in ``notes``.

    :param facts: validated facts (codes of :mod:`core.vocabulary`).
    :param context: the tenant's calendar, service catalogue and decree settings.
    :returns: the decision; ``applies=False`` with a note when the decree has no
        rule for the facts. Raise :class:`~core.decrees.contract.FactsError` naming
        the field when the facts cannot be judged.

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
