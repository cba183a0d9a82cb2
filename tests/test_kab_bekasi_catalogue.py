"""Kabupaten Bekasi's catalogue: 14 services in 4 units, all 14 components, from the decree's text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.decrees.registry import DecreeRegistry
from core.timekeeping.norms import parse_time_norm
from core.vocabulary import STANDARD_COMPONENTS

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "kab_bekasi_2023"
SOURCE = (PACKAGE / "kab-bekasi_2023_standar-pelayanan.txt").read_text(encoding="utf-8")
CATALOGUE = DecreeRegistry().service_catalogue("kab_bekasi_2023")

# The decree's Lampiran I-II (docs/domain.md): unit, service code, jangka waktu as written.
EXPECTED = [
    ("Bidang Penanganan Fakir Miskin", "rekomendasi_sjpp", "10 (Sepuluh) Menit"),
    ("Bidang Penanganan Fakir Miskin", "pengusulan_dtks", "1 (Satu) Bulan"),
    ("Bidang Penanganan Fakir Miskin", "rekomendasi_kis_apbn", "10 (Sepuluh) Menit"),
    ("Bidang Perlindungan Jaminan Sosial", "bantuan_sosial_ppks", "1 s/d 2 Hari setelah berkas pengajuan Permohonan Bantuan Sosial diterima"),
    ("Bidang Rehabilitasi Sosial", "rujukan", "➤ Jam kerja 08.00 – 15.30 ➤ 7 Hari Kerja"),
    ("Bidang Rehabilitasi Sosial", "adopsi_anak", "➢ Jam kerja 08.00 – 15.30 ➢ 1 Tahun – 1,5 Tahun"),
    ("Bidang Rehabilitasi Sosial", "penanganan_odgj", "➢ Jam kerja 08.00 – 15.30 ➢ 1 Hari Kerja"),
    ("Bidang Rehabilitasi Sosial", "rekomendasi_abk", "➢ Jam kerja 08.00 – 15.30 ➢ 1-2 Hari Kerja"),
    ("Bidang Rehabilitasi Sosial", "alat_bantu_disabilitas", "➤ Jam kerja 08.00 – 15.30 ➤ 3 Bulan"),
    ("Bidang Rehabilitasi Sosial", "pemulangan_wts", "➢ Jam kerja 08.00 – 15.30 ➢ 1-2 Hari Kerja"),
    ("Bidang Rehabilitasi Sosial", "pemulangan_gepeng", "➤ Jam kerja 08.00 – 15.30 ➤ 1 Hari Kerja"),
    ("Bidang Rehabilitasi Sosial", "pemulangan_orang_terlantar", "➤ Jam kerja 08.00 – 15.30 ➤ 30 Menit"),
    ("Bidang Pemberdayaan Sosial", "rekomendasi_ugb_pub", "3 s.d 4 hari dan nanti dihubungi oleh petugas via telepon bila sudah ditanda tangani pimpinan"),
    ("Bidang Pemberdayaan Sosial", "tanda_terdaftar_lks", "6 s.d 7 hari dan nanti dihubungi oleh petugas via telepon bila sudah ditanda tangani pimpinan"),
]


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def test_fourteen_services_in_four_units_as_the_decree_lists_them():
    """kompensasi_service_catalogue gives Lampiran I-II: 14 services in 4 units."""
    assert [(s["unit"], s["code"], s["time_norm"]) for s in CATALOGUE] == EXPECTED
    assert len({s["unit"] for s in CATALOGUE}) == 4


@pytest.mark.parametrize("service", CATALOGUE, ids=lambda s: s["code"])
def test_every_service_has_all_fourteen_components_from_the_text(service):
    assert list(service["components"]) == list(STANDARD_COMPONENTS)
    source = _plain(SOURCE)
    for key, value in service["components"].items():
        assert value, f"{service['code']}: {key} is empty"
        # the first words of every component stand in the decree's text
        head = re.split(r" \d{1,2}\. ", re.sub(r"^\d+\. ", "", value))[0][:30]
        assert head in source, f"{service['code']}: {key} {head!r} not found in the decree"
    assert service["citation"].startswith("Lampiran II, ")
    assert service["name"] in SOURCE


@pytest.mark.parametrize("service", CATALOGUE, ids=lambda s: s["code"])
def test_every_time_norm_parses(service):
    norm = parse_time_norm(service["time_norm"])
    assert norm.maximum >= norm.minimum > 0
    if service["unit"] == "Bidang Rehabilitasi Sosial":
        assert str(norm.working_hours) == "(datetime.time(8, 0), datetime.time(15, 30))"


def test_every_jangka_waktu_in_the_decree_is_in_the_catalogue():
    cells = re.findall(r"^3\.?\tJangka Waktu Penyelesaian\t(?:1\t)?(.*)$", SOURCE, re.MULTILINE)
    assert len(cells) == 14
    assert [_plain(c) for c in cells] == [s["time_norm"] for s in CATALOGUE]
