"""Keputusan Kepala Dinas Sosial Kota Bekasi No. 460/Kep.15.a/Dinsos/I/2023:
compensation for users served below the Standar Pelayanan, graded ringan, sedang, berat."""

from core.decrees.package import DecreePackage
from plugins.kota_bekasi_2023 import rules

PACKAGE = DecreePackage(__file__, "kota_bekasi_2023", rules.decide)
INFO, TABLES = PACKAGE.info, PACKAGE.tables
kompensasi_decree = PACKAGE.kompensasi_decree
kompensasi_evaluate = PACKAGE.kompensasi_evaluate
kompensasi_examples = PACKAGE.kompensasi_examples
