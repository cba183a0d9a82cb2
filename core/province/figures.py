"""The provincial view's figures: each agency's indicators for a period, read from the monthly
rollups (``core/province/rollups.py``), its compliance score in the Ombudsman's zones, the ranking, and
the national table of provinces. How each figure is computed is written in ``FORMULAS`` and
shown on the page beside it (docs/province.md says the same)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from core.platform.db import Session
from core.decrees.registry import DecreeRegistry, UnknownDecree
from core.platform.domain_errors import NotFound
from core.models import DailySummary, IndicatorRollup, Tenant, TenantDecree
from core.province.periods import Period, add_months, months_between
from core.province.rollups import HISTOGRAMS
from core.models.scope import all_tenants, tenant_scope

MIN_REQUESTS = 30  # an agency that served fewer in the period is not ranked (KOMPENSASI_PROVINCE_MIN_REQUESTS)
# The score's parts and their weights; a part without data (nothing served, no compensation due)
# is left out and the others' weights share its place.
WEIGHTS = {"on_time": 50, "breaches": 25, "compensation": 25}
BREACHES_AT_ZERO = 100  # breaches per 1,000 requests at which the breach part reaches 0
ZONES = (("hijau", 81.0), ("kuning", 51.0), ("merah", 0.0))  # Ombudsman RI: 81–100, 51–80.99, 0–50.99
REPEAT_OFFENCES = 2  # an officer with this many upheld cases (or more) is a repeat offender

FORMULAS = {
    "served": "permohonan yang selesai (completed_at) dalam periode",
    "share_on_time": "selesai paling lambat tenggatnya ÷ selesai yang memiliki tenggat",
    "completion_median_hours": "median (jam) dari diterima sampai selesai, permohonan yang selesai dalam periode",
    "response_median_hours": "median (jam) dari diterima sampai berkas lengkap (tanggapan pertama petugas)",
    "breaches_per_1000": "pengaduan terbukti (diterima dalam periode) × 1.000 ÷ permohonan selesai",
    "complaints": "pengaduan yang diterima dalam periode (dari warga, petugas, atau deteksi sistem)",
    "share_upheld": "terbukti ÷ pengaduan yang sudah dinilai pimpinan",
    "compensation_median_hours": "median (jam) dari pengaduan diterima sampai kompensasi diberikan",
    "compensation_p90_hours": "persentil ke-90 (jam) dari pengaduan diterima sampai kompensasi diberikan",
    "share_compensation_on_time": "kompensasi yang jatuh tempo dalam periode dan diberikan paling lambat tenggatnya "
                                  "÷ kompensasi yang jatuh tempo dalam periode",
    "sanctions": "sanksi yang ditetapkan pimpinan dalam periode, menurut jenisnya",
    "overrides": "keputusan yang berlaku dalam periode di mana pimpinan menetapkan lain dari usulan keputusan",
    "open_overdue": "permohonan terbuka melewati tenggat + kompensasi lewat tenggat belum diberikan, "
                    "menurut ringkasan harian terakhir",
    "score": "100 × (50 × tepat waktu + 25 × max(0, 1 − pelanggaran per 1.000 ÷ 100) + 25 × kompensasi tepat "
             "waktu) ÷ jumlah bobot bagian yang ada datanya; hijau ≥ 81, kuning 51–80,99, merah < 51",
}


def percentile(histogram: Counter, share: float) -> int | None:
    """The nearest-rank percentile of a histogram of duration buckets: the smallest bucket at
    which the running count reaches ``share`` of the total (the median is 0.5)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, math.ceil(share * total))
    running = 0
    for hours in sorted(histogram):
        running += histogram[hours]
        if running >= rank:
            return hours
    return None  # unreachable: the running count ends at the total


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def zone_of(score: float | None) -> str | None:
    """The Ombudsman's zone of a score rounded to two decimals: hijau from 81, kuning from 51."""
    if score is None:
        return None
    return next(name for name, floor in ZONES if round(score, 2) >= floor)


@dataclass
class Indicators:
    """One agency's figures in one period (see ``FORMULAS``)."""

    counts: Counter = field(default_factory=Counter)  # metric → total
    keyed: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # metric → key → total
    histograms: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # metric → hours → total
    open_overdue: int | None = None
    open_overdue_on: date | None = None

    def add(self, metric: str, key: str, hours: int, count: int) -> None:
        if metric in HISTOGRAMS:
            self.histograms[metric][hours] += count
        elif key:
            self.keyed[metric][key] += count
        else:
            self.counts[metric] += count

    @property
    def served(self) -> int:
        return self.counts["served"]

    @property
    def share_on_time(self) -> float | None:
        return ratio(self.counts["served_on_time"], self.counts["served_with_norm"])

    @property
    def breaches(self) -> int:
        return self.counts["upheld"]

    def per_1000(self, count: int) -> float | None:
        return count * 1000 / self.served if self.served else None

    @property
    def breaches_per_1000(self) -> float | None:
        return self.per_1000(self.breaches)

    def breaches_per_1000_by(self, metric: str) -> dict[str, float | None]:
        return {key: self.per_1000(count) for key, count in sorted(self.keyed[metric].items())}

    @property
    def complaints(self) -> int:
        return self.counts["complaints"]

    @property
    def share_upheld(self) -> float | None:
        return ratio(self.counts["upheld"], self.counts["assessed"])

    @property
    def share_compensation_on_time(self) -> float | None:
        return ratio(self.counts["compensation_on_time"], self.counts["compensation_due"])

    def median(self, metric: str) -> int | None:
        return percentile(self.histograms[metric], 0.5)

    def p90(self, metric: str) -> int | None:
        return percentile(self.histograms[metric], 0.9)

    @property
    def sanctions(self) -> dict[str, int]:
        return dict(sorted(self.keyed["sanction"].items()))

    @property
    def overrides(self) -> int:
        return self.counts["override"]

    @property
    def maladministration(self) -> dict[str, int]:
        return dict(sorted(self.keyed["maladministration"].items(), key=lambda item: (-item[1], item[0])))

    @property
    def repeat_offenders(self) -> dict[str, int]:
        """Officers with ``REPEAT_OFFENCES`` upheld cases or more in the period, most first."""
        offenders = {name: n for name, n in self.keyed["officer_upheld"].items() if n >= REPEAT_OFFENCES}
        return dict(sorted(offenders.items(), key=lambda item: (-item[1], item[0])))

    @property
    def score_parts(self) -> dict[str, float]:
        parts = {"on_time": self.share_on_time,
                 "breaches": None if self.breaches_per_1000 is None
                 else max(0.0, 1 - self.breaches_per_1000 / BREACHES_AT_ZERO),
                 "compensation": self.share_compensation_on_time}
        return {name: value for name, value in parts.items() if value is not None}

    @property
    def score(self) -> float | None:
        parts = self.score_parts
        if not parts:
            return None
        weight = sum(WEIGHTS[name] for name in parts)
        return round(100 * sum(WEIGHTS[name] * value for name, value in parts.items()) / weight, 2)

    @property
    def zone(self) -> str | None:
        return zone_of(self.score)


@dataclass
class AgencyFigures:
    tenant: Tenant
    indicators: Indicators
    compensation_decree: bool  # False: the agency's decree sets no compensation (a gap)
    decree: str | None  # the decree in force at the end of the period, by number
    rankable: bool = False
    rank: int | None = None


def _read(tenant_ids: list[int], months: list[date], metrics: tuple[str, ...] | None = None
          ) -> dict[int, Indicators]:
    """Each agency's indicators over these months: one grouped read of the rollups."""
    figures = {tenant_id: Indicators() for tenant_id in tenant_ids}
    if not tenant_ids:
        return figures
    statement = (select(IndicatorRollup.tenant_id, IndicatorRollup.metric, IndicatorRollup.key, IndicatorRollup.hours,
                        func.sum(IndicatorRollup.count))
                 .where(IndicatorRollup.month >= months[0], IndicatorRollup.month <= months[-1])
                 .group_by(IndicatorRollup.tenant_id, IndicatorRollup.metric, IndicatorRollup.key, IndicatorRollup.hours))
    if metrics is not None:
        statement = statement.where(IndicatorRollup.metric.in_(metrics))
    with tenant_scope(tenant_ids):
        for tenant_id, metric, key, hours, count in Session.execute(statement):
            figures[tenant_id].add(metric, key, hours, int(count))
        latest = (select(DailySummary.tenant_id, func.max(DailySummary.day)).group_by(DailySummary.tenant_id)
                  .where(DailySummary.day <= add_months(months[-1], 1)))
        days = dict(Session.execute(latest).all())
        if days:
            summaries = select(DailySummary).where(DailySummary.day.in_(set(days.values())))
            for summary in Session.scalars(summaries):
                if days.get(summary.tenant_id) == summary.day:
                    figures[summary.tenant_id].open_overdue = summary.late + summary.overdue_compensation
                    figures[summary.tenant_id].open_overdue_on = summary.day
    return figures


def decrees_on(registry: DecreeRegistry, tenant_ids: list[int], day: date) -> dict[int, tuple[str | None, bool]]:
    """Per agency, the number of the decree bound on ``day`` and whether it sets compensation
    (a service-standard decree, or none bound, is the gap the page shows)."""
    found: dict[int, tuple[str | None, bool]] = {tenant_id: (None, False) for tenant_id in tenant_ids}
    bound = (select(TenantDecree.tenant_id, TenantDecree.plugin)
             .where(TenantDecree.effective_from <= day,
                    (TenantDecree.effective_until.is_(None)) | (TenantDecree.effective_until > day))
             .order_by(TenantDecree.tenant_id, TenantDecree.effective_from))
    with tenant_scope(tenant_ids):
        for tenant_id, plugin in Session.execute(bound):
            try:
                info = registry.info(plugin)
            except UnknownDecree:
                found[tenant_id] = (plugin, False)
                continue
            found[tenant_id] = (info.number, info.kind == "kompensasi")
    return found


def province_tenants(code: str) -> list[Tenant]:
    with all_tenants("the provincial view lists a province's agencies"):
        return list(Session.scalars(select(Tenant).where(Tenant.province_code == code).order_by(Tenant.name)))


def province_name(code: str) -> str:
    tenants = province_tenants(code)
    if not tenants:
        raise NotFound("province")
    return tenants[0].province_name


def rank(agencies: list[AgencyFigures], minimum: int) -> list[AgencyFigures]:
    """Number the agencies with enough requests and a score, best first (ties share a rank);
    the others stay unranked, "terlalu sedikit untuk diperingkat"."""
    for agency in agencies:
        agency.rankable = agency.indicators.served >= minimum and agency.indicators.score is not None
    ranked = sorted((a for a in agencies if a.rankable), key=lambda a: (-a.indicators.score, a.tenant.name))
    previous, position = None, 0
    for index, agency in enumerate(ranked, start=1):
        if agency.indicators.score != previous:
            position, previous = index, agency.indicators.score
        agency.rank = position
    return ranked


def province_figures(registry: DecreeRegistry, code: str, period: Period, minimum: int = MIN_REQUESTS
                     ) -> list[AgencyFigures]:
    """Every agency of the province with its indicators, decree and rank, by name."""
    tenants = province_tenants(code)
    if not tenants:
        raise NotFound("province")
    ids = [t.id for t in tenants]
    read = _read(ids, period.months)
    decrees = decrees_on(registry, ids, min(add_months(period.last, 1) - timedelta(days=1), date.today()))
    agencies = [AgencyFigures(tenant, read[tenant.id], decrees[tenant.id][1], decrees[tenant.id][0])
                for tenant in tenants]
    rank(agencies, minimum)
    return agencies


def trend(tenants: list[Tenant], last: date, months: int = 12) -> list[dict[str, Any]]:
    """The province's requests served and share on time, month by month, the last ``months``."""
    span = months_between(add_months(last, -(months - 1)), last)
    counted = ("served", "served_with_norm", "served_on_time", "upheld")
    rows = {month: Counter() for month in span}
    ids = [t.id for t in tenants]
    if ids:
        statement = (select(IndicatorRollup.month, IndicatorRollup.metric, func.sum(IndicatorRollup.count))
                     .where(IndicatorRollup.month >= span[0], IndicatorRollup.month <= span[-1],
                            IndicatorRollup.metric.in_(counted))
                     .group_by(IndicatorRollup.month, IndicatorRollup.metric))
        with tenant_scope(ids):
            for month, metric, count in Session.execute(statement):
                rows[month][metric] += int(count)
    return [{"month": f"{month.year:04d}-{month.month:02d}", "served": c["served"],
             "share_on_time": ratio(c["served_on_time"], c["served_with_norm"]),
             "breaches_per_1000": c["upheld"] * 1000 / c["served"] if c["served"] else None}
            for month, c in rows.items()]


NATIONAL_METRICS = ("served", "served_with_norm", "served_on_time", "upheld", "complaints", "assessed",
                    "compensation_due", "compensation_on_time")


@dataclass
class ProvinceRow:
    code: str
    name: str
    agencies: int = 0
    totals: Indicators = field(default_factory=Indicators)
    zones: Counter = field(default_factory=Counter)  # hijau/kuning/merah/unranked → agencies


def national(period: Period, minimum: int = MIN_REQUESTS) -> list[ProvinceRow]:
    """Every province: its agencies, their summed figures, and how many fall in each zone."""
    with all_tenants("the national page reads every province"):
        tenants = list(Session.scalars(select(Tenant).order_by(Tenant.province_code, Tenant.name)))
        statement = (select(IndicatorRollup.tenant_id, IndicatorRollup.metric, func.sum(IndicatorRollup.count))
                     .where(IndicatorRollup.month >= period.first, IndicatorRollup.month <= period.last,
                            IndicatorRollup.metric.in_(NATIONAL_METRICS))
                     .group_by(IndicatorRollup.tenant_id, IndicatorRollup.metric))
        per_tenant: dict[int, Indicators] = defaultdict(Indicators)
        for tenant_id, metric, count in Session.execute(statement):
            per_tenant[tenant_id].add(metric, "", 0, int(count))
    provinces: dict[str, ProvinceRow] = {}
    for tenant in tenants:
        row = provinces.setdefault(tenant.province_code, ProvinceRow(tenant.province_code, tenant.province_name))
        figures = per_tenant[tenant.id]
        row.agencies += 1
        row.totals.counts.update(figures.counts)
        ranked = figures.served >= minimum and figures.score is not None
        row.zones[figures.zone if ranked else "unranked"] += 1
    return list(provinces.values())
