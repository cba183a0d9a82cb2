"""Keputusan Kepala Dinas Sosial Kota Bekasi No. 460/Kep.15.a/Dinsos/I/2023:
compensation for users served below the Standar Pelayanan, graded ringan, sedang, berat.
The rules, one function per question, are in rules.py; the tables in tables.toml."""

from core.decrees.package import DecreePackage
from plugins.kota_bekasi_2023 import rules

PLUGIN = DecreePackage(__file__, "kota_bekasi_2023", rules)
