"""Keputusan Kepala Dinas Sosial Kabupaten Bekasi No. OR.02/2308/DINSOS/2023 tentang Standar
Pelayanan: the catalogue of 14 services (rules.service_catalogue), and no compensation or
sanction rule, so rules.py defines only classify."""

from core.decrees.package import DecreePackage
from plugins.kab_bekasi_2023 import rules

PLUGIN = DecreePackage(__file__, "kab_bekasi_2023", rules)
