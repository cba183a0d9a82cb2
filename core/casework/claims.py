"""How a claim is made, where the tenant's decree says so (Kota Bekasi, Lampiran C.2).

- A claim during keadaan kahar is made once the state is declared over (C.2 angka 3)): a complaint
  about the time of service filed while a kahar is in force is accepted and held (``held_kahar``);
  the ``kahar-release`` job lets it continue (``received``) once no kahar is in force.
- A ringan breach is claimed orally and the officer apologises at once (C.2 angka 1)): the desk
  form records the complaint, the apology given and the closing in one action.

Whether a tenant's decree has either rule is the decree's own data (``DecreeInfo.kahar_claim_clause``,
``oral_claim_clause``), read for the binding in force on the day, never the tenant's slug.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.access import policy
from core.agency.tenants import all_agencies
from core.casework import cases, notices, workflow
from core.platform.db import Session
from core.decrees.contract import DecreeInfo
from core.decrees.registry import DecreeRegistry
from core.platform.domain_errors import Conflict, Forbidden, Invalid
from core.models import CompensationGiven, Complaint, Tenant, User
from core.models.scope import tenant_scope
from core.decrees.tenant_context import binding_on, context_of

TIME_COMPONENT = "jangka_waktu"  # a complaint about the time of service
ORAL_CHANNEL = "lisan"
ON_THE_SPOT = "maaf_lisan"


def decree_on(registry: DecreeRegistry, tenant: Tenant, at: datetime) -> DecreeInfo | None:
    """The decree bound to the tenant on the agency's day of ``at``, if any."""
    binding = binding_on(context_of(tenant).bindings, at.astimezone(ZoneInfo(tenant.timezone)).date())
    return registry.info(binding.plugin) if binding is not None else None


def kahar_in_force(tenant: Tenant, at: datetime) -> tuple[datetime, datetime | None] | None:
    return context_of(tenant).calendar.kahar_at(at)


# -- held during keadaan kahar -------------------------------------------------------------


def hold_if_kahar(registry: DecreeRegistry, tenant: Tenant, complaint: Complaint, at: datetime) -> bool:
    """Hold a new time complaint while a keadaan kahar is in force, where the decree says claims
    wait for its end; the complainant is told. Answers whether it was held."""
    Session.flush()
    if complaint.component != TIME_COMPONENT or complaint.status != "received":
        return False
    info = decree_on(registry, tenant, at)
    if info is None or not info.kahar_claim_clause or kahar_in_force(tenant, at) is None:
        return False
    workflow.take_step(complaint, workflow.step_of(complaint, "held_kahar"), {"reason": info.kahar_claim_clause})
    return True


def release_held(tenant: Tenant, at: datetime) -> int:
    """Let each held complaint of the tenant continue once no keadaan kahar is in force: its step
    held_kahar → received, audited, and the complainant told. Idempotent: a released case is no
    longer held, so a second run finds nothing."""
    with tenant_scope(tenant.id):
        if kahar_in_force(tenant, at) is not None:
            return 0
        held = Session.scalars(select(Complaint).where(Complaint.status == "held_kahar")
                               .order_by(Complaint.received_at)).all()
        for complaint in held:
            workflow.take_step(complaint, workflow.step_of(complaint, "received"),
                               {"reason": "keadaan kahar berakhir"})
            notices.tell_complainant(complaint, "released")
        Session.commit()
        return len(held)


def release_all(at: datetime) -> int:
    """The ``kahar-release`` job: every tenant's held complaints whose kahar is over."""
    return sum(release_held(tenant, at) for tenant in all_agencies())


# -- oral claims apologised on the spot -----------------------------------------------------


def record_oral_claim(registry: DecreeRegistry, tenant: Tenant, user: User, data: dict[str, Any],
                      at: datetime) -> Complaint:
    """The officer's desk form: the oral complaint recorded, the decree asked, the apology given on
    the spot recorded as the compensation given, and the case closed, in one transaction (the
    caller commits). Only where the decree has the rule, and only for what it grades ringan with
    an apology on the spot; anything heavier is a written claim."""
    if not policy.can(user, "claim.oral", tenant):
        raise Forbidden("only the officer at the desk records an oral claim (claim.oral)")
    late = cases.filing_window_errors(tenant, data["occurred_at"], at)
    if late:
        raise Invalid("an oral claim is made when the service falls short, not weeks after or ahead", late)
    info = decree_on(registry, tenant, data["occurred_at"])
    if info is None or not info.oral_claim_clause:
        raise Conflict("the agency's decree has no oral claim apologised on the spot: take the complaint in writing",
                       {"_schema": ["no oral claim in this agency's decree"]}, code="no_oral_claim")
    complaint = cases.intake(tenant, {**data, "channel": ORAL_CHANNEL, "origin": "officer"}, received_by=user.id)
    Session.flush()
    record, decision = cases.decide(registry, tenant, complaint, user.id)
    spot = [c for c in decision.compensations if c.code == ON_THE_SPOT and c.owed]
    if decision.severity != "ringan" or not spot:
        raise Conflict(f"the decree grades this {decision.severity or 'not a breach'}: an oral claim is for a ringan "
                       f"breach apologised on the spot ({info.oral_claim_clause}); take it in writing",
                       {"component": [f"graded {decision.severity or 'no breach'}, not ringan"]}, code="not_an_oral_claim")
    Session.add(CompensationGiven(tenant_id=tenant.id, complaint_id=complaint.id, code=ON_THE_SPOT,
                                  citation=spot[0].citation, due_at=at, given_at=at, given_by=user.id,
                                  evidence=f"permohonan maaf disampaikan langsung saat klaim ({info.oral_claim_clause})"))
    complaint.assessment = "terbukti"
    workflow.take_step(complaint, workflow.step_of(complaint, "closed"), {"reason": info.oral_claim_clause})
    return complaint
