"""Demo data for ``make run``: requests, complaints, decisions, compensation and sanctions across
the agencies, drawn from a seeded random generator (the same seed and month give the same rows),
each request and case marked ``demo``. Deadlines come from each agency's calendar and norms and
every decision from its own decree, so the figures are what the platform would have computed:
Kabupaten Bekasi's cases are upheld with no compensation, as its decree sets none.

Seeding twice does nothing the second time (the agencies already hold demo rows)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import exists, insert, select

from core.casework import sweeps
from core.province import rollups
from core.casework.cases import facts_of
from core.casework.tracking import TRACKING_ALPHABET
from core.agency.catalogue import set_deadline_and_status
from core.platform.db import Session, utcnow
from core.decrees.contract import FactsError
from core.decrees.dispatch import evaluate_for_tenant, request_calendars
from core.decrees.facts import load_facts
from core.decrees.registry import DecreeRegistry
from core.platform.domain_errors import DomainError
from core.models import (
    CaseDecision, Complaint, CompensationGiven, SanctionGiven, ServiceRequest, ServiceType, Tenant,
)
from core.models.scope import all_tenants, tenant_scope
from core.casework.records import ruling

DEFAULT_SEED = 20240601
MONTHS_BACK = 12
COMPLAINT_SHARE = 0.08
# How well each demo agency keeps its promises (share of requests on time); others get 0.85.
ON_TIME = {"kota-bekasi": 0.9, "kab-bekasi": 0.72, "kab-belitung": 0.83, "prov-lampung": 0.88}
COMPONENTS = (("jangka_waktu", 5), ("perilaku_pelaksana", 3), ("persyaratan", 2), ("prosedur", 2), ("biaya", 1),
              ("sarana_prasarana", 1))
LABEL_OF = {"jangka_waktu": "penundaan_berlarut", "perilaku_pelaksana": "tidak_patut", "persyaratan":
            "penyimpangan_prosedur", "prosedur": "penyimpangan_prosedur", "biaya": "permintaan_imbalan",
            "sarana_prasarana": "tidak_memberikan_pelayanan"}
CONDUCTS = ("tidak_sopan", "tidak_sesuai_sop")
FIRST_NAMES = ("Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hana", "Indra", "Joko", "Kartika", "Lestari")
LAST_NAMES = ("Santoso", "Wijaya", "Saputra", "Lestari", "Hidayat", "Nugroho", "Pratama", "Kusuma")
STAFF = ("PNS", "PNS", "PPPK", "honorer")


@dataclass
class SeedReport:
    requests: int = 0
    complaints: int = 0
    upheld: int = 0
    compensations: int = 0
    sanctions: int = 0
    per_tenant: dict[str, int] = field(default_factory=dict)
    already: bool = False


def already_seeded() -> bool:
    with all_tenants("is there demo data anywhere"):
        return bool(Session.scalar(select(exists().where(ServiceRequest.demo.is_(True)))))


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


class TenantSeeder:
    """One agency's demo rows, drawn request by request."""

    def __init__(self, registry: DecreeRegistry, tenant: Tenant, rng: random.Random, now: datetime):
        self.registry, self.tenant, self.rng, self.now = registry, tenant, rng, now
        self.zone = ZoneInfo(tenant.timezone)
        with tenant_scope(tenant.id):
            self.services = list(Session.scalars(select(ServiceType).where(ServiceType.active.is_(True))
                                                 .order_by(ServiceType.code)))
        self.calendars = request_calendars(registry, tenant)
        self.officers = [_name(rng) for _ in range(6)]
        self.on_time = ON_TIME.get(tenant.slug, 0.85)
        self.rows: dict[type, list[dict[str, Any]]] = {m: [] for m in (
            ServiceRequest, Complaint, CaseDecision, CompensationGiven, SanctionGiven)}

    def _received(self) -> datetime:
        day = (self.now - timedelta(days=self.rng.uniform(3, MONTHS_BACK * 30.4))).astimezone(self.zone).date()
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        moment = datetime.combine(day, time(8), tzinfo=self.zone) + timedelta(minutes=self.rng.randrange(0, 7 * 60))
        return moment.astimezone(timezone.utc)

    def request(self, number: int) -> None:
        rng, service = self.rng, self.rng.choice(self.services)
        received = self._received()
        request = ServiceRequest(tenant_id=self.tenant.id, id=_uuid(rng), service_type_id=service.id,
                                 reference=f"DEMO-{number:07d}", applicant_name=_name(rng), received_at=received,
                                 documents_complete_at=received)
        set_deadline_and_status(self.registry, self.tenant, request, service, calendars=self.calendars)
        span = max((request.due_at or received + timedelta(days=1)) - received, timedelta(minutes=10))
        request.documents_complete_at = received + span * rng.uniform(0.02, 0.2)
        if request.due_at is not None and rng.random() > 0.04:
            if rng.random() < self.on_time:
                completed = received + span * rng.uniform(0.25, 1.0)
            else:
                completed = request.due_at + timedelta(hours=rng.uniform(1, 120))
            if completed < self.now:
                request.completed_at = max(completed, request.documents_complete_at)
                request.status = "completed"
        row = {c: getattr(request, c) for c in (
            "tenant_id", "id", "service_type_id", "reference", "applicant_name", "received_at",
            "documents_complete_at", "completed_at", "due_at", "warn_at", "status")}
        self.rows[ServiceRequest].append(row | {"applicant_contact": "", "user_in_jurisdiction": True, "demo": True,
                                                "version": 1, "created_at": received, "updated_at": received})
        late = request.completed_at is not None and request.due_at is not None and request.completed_at > request.due_at
        if rng.random() < (COMPLAINT_SHARE * (4 if late else 1)):
            self.complaint(request, service, late)

    def complaint(self, request: ServiceRequest, service: ServiceType, late: bool) -> None:
        rng = self.rng
        component = "jangka_waktu" if late else _weighted(rng, COMPONENTS)
        if component == "jangka_waktu" and not late:
            component = "perilaku_pelaksana"
        occurred = request.completed_at or request.documents_complete_at
        received = occurred + timedelta(hours=rng.uniform(1, 72))
        if received >= self.now:
            return
        channel = rng.choice(("lisan", "tertulis"))
        complaint = Complaint(
            tenant_id=self.tenant.id, id=_uuid(rng), tracking_code="".join(rng.choice(TRACKING_ALPHABET) for _ in range(10)),
            service_request_id=request.id, channel=channel, component=component,
            conduct=rng.choice(CONDUCTS) if component == "perilaku_pelaksana" else None, disruption=None,
            user_in_jurisdiction=True, occurred_at=occurred, received_at=received, origin="citizen",
            description="Pengaduan demo.", status="received")
        age = self.now - received
        row = {"tenant_id": self.tenant.id, "id": complaint.id, "tracking_code": complaint.tracking_code,
               "service_request_id": request.id, "channel": channel, "component": component,
               "conduct": complaint.conduct, "disruption": None, "description": complaint.description,
               "remedy_requested": "", "complainant_name": _name(rng), "complainant_contact": "", "anonymous": False,
               "confidential": False, "user_in_jurisdiction": True, "occurred_at": occurred, "received_at": received,
               "received_by": None, "status": "received", "assessment": None, "status_reason": None,
               "forwarded_to": None, "maladministration": None, "version": 1, "origin": "citizen", "breach_kind": None,
               "updated_at": received, "service_type_id": service.id, "demo": True}
        self.rows[Complaint].append(row)
        if age < timedelta(days=10):
            row["status"] = rng.choice(("received", "verified", "under_assessment"))
            return
        if rng.random() < 0.35:
            row.update(status="closed", assessment="tidak_terbukti", status_reason="Tidak terbukti (demo).")
            return
        try:
            raw = facts_of(complaint, request, service.code)
            decision = evaluate_for_tenant(self.registry, self.tenant, load_facts(raw))
        except (FactsError, DomainError):
            row.update(status="closed", assessment="tidak_terbukti", status_reason="Fakta tidak cukup (demo).")
            return
        decided = received + timedelta(days=rng.uniform(1, 5))
        record = {"tenant_id": self.tenant.id, "id": _uuid(rng), "complaint_id": complaint.id,
                  "plugin": decision.decree.plugin, "plugin_version": decision.decree.version,
                  "decree_number": decision.decree.number, "facts": raw, "decision": decision.to_dict(),
                  "decided_by": None, "decided_at": decided, "reason": None, "override": None,
                  "override_reason": None, "superseded_at": None}
        if decision.applies and rng.random() < 0.06:
            record.update(override={"sanction": "pembinaan"}, override_reason="Pertimbangan pimpinan (demo).")
        self.rows[CaseDecision].append(record)
        row.update(assessment="terbukti", maladministration=LABEL_OF[component], status="upheld")
        owed = ruling(SimpleNamespace(**record))
        all_given = True
        for item in owed["compensations"]:
            due = datetime.fromisoformat(item["due_at"]) if item.get("due_at") else decided + timedelta(days=7)
            given = None
            if rng.random() < 0.9:
                in_time = received + max(due - received, timedelta(0)) * rng.uniform(0.1, 0.95)
                given = in_time if rng.random() < 0.85 else due + timedelta(hours=rng.uniform(2, 96))
                given = given if given < self.now else None
            all_given = all_given and given is not None
            self.rows[CompensationGiven].append({
                "tenant_id": self.tenant.id, "id": _uuid(rng), "complaint_id": complaint.id, "code": item["code"],
                "citation": item["citation"], "due_at": due, "given_at": given, "given_by": None,
                "evidence": "Demo." if given else "", "escalated_at": None})
        rule = owed["sanctions"]
        codes = list(rule["required"]) + ([rng.choice(rule["choose_one_of"])] if rule["choose_one_of"] else [])
        officer = rng.choice(self.officers[:3] if rng.random() < 0.5 else self.officers)
        for code in codes:
            self.rows[SanctionGiven].append({
                "tenant_id": self.tenant.id, "id": _uuid(rng), "complaint_id": complaint.id, "officer_name": officer,
                "code": code, "staff_category": rng.choice(STAFF), "legal_basis": decision.decree.number,
                "decided_by": None, "decided_at": decided + timedelta(hours=2), "decree_wording": code,
                "pp94_penalty": False, "follow_up_on": (decided + timedelta(days=91)).date()})
        if all_given:
            row["status"] = "closed"

    def write(self) -> None:
        with tenant_scope(self.tenant.id):
            for model, rows in self.rows.items():
                if rows:
                    Session.execute(insert(model), rows)
        Session.commit()


def seed(registry: DecreeRegistry, requests: int, *, seed_value: int = DEFAULT_SEED, now: datetime | None = None,
         progress: Callable[[int], None] | None = None) -> SeedReport:
    """``requests`` demo requests shared among the agencies that have services (and their
    cases), then the rollups and today's summaries. Does nothing if demo data exists."""
    report = SeedReport()
    if already_seeded():
        report.already = True
        return report
    now = now or utcnow()
    month = date(now.year, now.month, 1)
    rng = random.Random(f"{seed_value}:{month.isoformat()}")
    with all_tenants("demo data for every agency"):
        tenants = list(Session.scalars(select(Tenant).order_by(Tenant.slug)))
    seeders = [s for s in (TenantSeeder(registry, t, rng, now) for t in tenants) if s.services]
    for number in range(requests):
        seeder = seeders[number % len(seeders)] if seeders else None
        if seeder is None:
            break
        seeder.request(number)
        if progress is not None:
            progress(1)
    for seeder in seeders:
        seeder.write()
        report.per_tenant[seeder.tenant.slug] = len(seeder.rows[ServiceRequest])
        report.requests += len(seeder.rows[ServiceRequest])
        report.complaints += len(seeder.rows[Complaint])
        report.upheld += sum(1 for row in seeder.rows[Complaint] if row["assessment"] == "terbukti")
        report.compensations += len(seeder.rows[CompensationGiven])
        report.sanctions += len(seeder.rows[SanctionGiven])
    rollups.rebuild([s.tenant for s in seeders])
    sweeps.store_daily_summaries(now)
    return report
