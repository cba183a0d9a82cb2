"""The provincial view's tables, each one (title, columns, rows): the page shows them and the
export writes them (``core/http/table_export.py``), so the download is the table on the screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core import vocabulary
from core.province.figures import AgencyFigures, ProvinceRow

NO_DECREE_TEXT = "tidak ada keputusan kompensasi"
UNRANKED = "terlalu sedikit untuk diperingkat"


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[tuple[str, str], ...]
    rows: list[dict[str, Any]]


def percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def label(code: str) -> str:
    return vocabulary.LABELS.get(code, code.replace("_", " "))


def indicator_rows(agencies: list[AgencyFigures]) -> list[dict[str, Any]]:
    rows = []
    for agency in agencies:
        figures = agency.indicators
        rows.append({
            "slug": agency.tenant.slug, "agency": agency.tenant.name,
            "decree": agency.decree or "-", "compensation_decree": agency.compensation_decree,
            "served": figures.served, "share_on_time": percent(figures.share_on_time),
            "response_median_hours": figures.median("response_hours"),
            "completion_median_hours": figures.median("completion_hours"),
            "breaches": figures.breaches, "breaches_per_1000": rounded(figures.breaches_per_1000),
            "complaints": figures.complaints, "share_upheld": percent(figures.share_upheld),
            "compensation_median_hours": figures.median("compensation_hours"),
            "compensation_p90_hours": figures.p90("compensation_hours"),
            "share_compensation_on_time": percent(figures.share_compensation_on_time),
            "sanctions": sum(figures.sanctions.values()), "overrides": figures.overrides,
            "open_overdue": figures.open_overdue,
            "score": figures.score, "zone": figures.zone or "-",
            "rank": agency.rank if agency.rankable else UNRANKED,
        })
    return rows


INDICATOR_COLUMNS = (
    ("agency", "Dinas"), ("decree", "Keputusan berlaku"), ("compensation_decree", "Mengatur kompensasi"),
    ("served", "Permohonan selesai"), ("share_on_time", "Tepat waktu (%)"),
    ("response_median_hours", "Median waktu tanggapan (jam)"),
    ("completion_median_hours", "Median waktu penyelesaian (jam)"),
    ("breaches", "Pelanggaran (terbukti)"), ("breaches_per_1000", "Pelanggaran per 1.000"),
    ("complaints", "Pengaduan"), ("share_upheld", "Terbukti (%)"),
    ("compensation_median_hours", "Median pengaduan→kompensasi (jam)"),
    ("compensation_p90_hours", "P90 pengaduan→kompensasi (jam)"),
    ("share_compensation_on_time", "Kompensasi tepat waktu (%)"), ("sanctions", "Sanksi"),
    ("overrides", "Penetapan lain oleh pimpinan"), ("open_overdue", "Terbuka lewat tenggat"),
    ("score", "Nilai kepatuhan"), ("zone", "Zona"), ("rank", "Peringkat"),
)


def province_tables(agencies: list[AgencyFigures], trend: list[dict[str, Any]], show_names: bool) -> dict[str, Table]:
    """Every table of a province's page, by its export name."""
    tables = [Table("indikator", "Indikator per dinas", INDICATOR_COLUMNS, indicator_rows(agencies))]
    ranked = sorted((a for a in agencies if a.rankable), key=lambda a: a.rank)
    unranked = [a for a in agencies if not a.rankable]
    tables.append(Table("peringkat", "Peringkat", (
        ("rank", "Peringkat"), ("agency", "Dinas"), ("score", "Nilai"), ("zone", "Zona"), ("served", "Permohonan selesai"),
        ("share_on_time", "Tepat waktu (%)"), ("response_median_hours", "Median tanggapan (jam)"),
        ("completion_median_hours", "Median penyelesaian (jam)")),
        [{"rank": a.rank if a.rankable else UNRANKED, "agency": a.tenant.name, "slug": a.tenant.slug,
          "score": a.indicators.score if a.rankable else None, "zone": (a.indicators.zone if a.rankable else None) or "-",
          "served": a.indicators.served, "share_on_time": percent(a.indicators.share_on_time),
          "response_median_hours": a.indicators.median("response_hours"),
          "completion_median_hours": a.indicators.median("completion_hours")} for a in ranked + unranked]))
    breaches = []
    for agency in agencies:
        figures = agency.indicators
        for dimension, metric in (("komponen", "breach_component"), ("kategori", "breach_category")):
            for key, count in sorted(figures.keyed[metric].items()):
                breaches.append({"agency": agency.tenant.name, "slug": agency.tenant.slug, "dimension": dimension,
                                 "figure": metric, "key": key, "label": label(key), "count": count,
                                 "per_1000": rounded(figures.per_1000(count))})
    tables.append(Table("pelanggaran", "Pelanggaran per 1.000 permohonan, menurut komponen dan kategori", (
        ("agency", "Dinas"), ("dimension", "Menurut"), ("label", "Komponen / kategori"), ("count", "Terbukti"),
        ("per_1000", "Per 1.000 permohonan")), breaches))
    tables.append(Table("sanksi", "Sanksi menurut jenis", (("agency", "Dinas"), ("label", "Sanksi"), ("count", "Jumlah")),
                        [{"agency": a.tenant.name, "slug": a.tenant.slug, "key": code, "label": label(code), "count": n}
                         for a in agencies for code, n in a.indicators.sanctions.items()]))
    mix = []
    for agency in agencies:
        upheld = sum(agency.indicators.maladministration.values())
        for key, count in agency.indicators.maladministration.items():
            mix.append({"agency": agency.tenant.name, "slug": agency.tenant.slug, "key": key, "label": label(key),
                        "count": count, "share": percent(count / upheld)})
    tables.append(Table("maladministrasi", "Bentuk maladministrasi pengaduan terbukti", (
        ("agency", "Dinas"), ("label", "Maladministrasi"), ("count", "Terbukti"), ("share", "Bagian (%)")), mix))
    offenders = []
    for agency in agencies:
        for number, (name, count) in enumerate(agency.indicators.repeat_offenders.items(), start=1):
            offenders.append({"agency": agency.tenant.name, "slug": agency.tenant.slug,
                              "officer": name if show_names else f"Petugas {number}",
                              "key": name if show_names else None, "count": count})
    tables.append(Table("pelanggar_berulang", "Petugas dengan beberapa pengaduan terbukti", (
        ("agency", "Dinas"), ("officer", "Petugas"), ("count", "Pengaduan terbukti")), offenders))
    tables.append(Table("tren", "Tren bulanan provinsi", (
        ("month", "Bulan"), ("served", "Permohonan selesai"), ("share_on_time", "Tepat waktu (%)"),
        ("breaches_per_1000", "Pelanggaran per 1.000")),
        [{"month": t["month"], "served": t["served"], "share_on_time": percent(t["share_on_time"]),
          "breaches_per_1000": rounded(t["breaches_per_1000"])} for t in trend]))
    return {table.name: table for table in tables}


def national_table(rows: list[ProvinceRow]) -> Table:
    return Table("provinsi", "Provinsi", (
        ("code", "Kode"), ("name", "Provinsi"), ("agencies", "Dinas"), ("served", "Permohonan selesai"),
        ("share_on_time", "Tepat waktu (%)"), ("breaches_per_1000", "Pelanggaran per 1.000"),
        ("complaints", "Pengaduan"), ("share_compensation_on_time", "Kompensasi tepat waktu (%)"),
        ("hijau", "Zona hijau"), ("kuning", "Zona kuning"), ("merah", "Zona merah"), ("unranked", UNRANKED)),
        [{"code": row.code, "name": row.name, "agencies": row.agencies, "served": row.totals.served,
          "share_on_time": percent(row.totals.share_on_time), "breaches_per_1000": rounded(row.totals.breaches_per_1000),
          "complaints": row.totals.complaints,
          "share_compensation_on_time": percent(row.totals.share_compensation_on_time),
          "hijau": row.zones["hijau"], "kuning": row.zones["kuning"], "merah": row.zones["merah"],
          "unranked": row.zones["unranked"]} for row in rows])
