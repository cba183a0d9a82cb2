"""Keputusan Kepala Dinas Sosial Provinsi Lampung No. 400.9.3.21//4 IV.07/B.II/2024:
compensation to users of child-care services, per component violated, within 2x24 hours."""

from core.decrees.package import DecreePackage
from plugins.prov_lampung_2024 import rules

PACKAGE = DecreePackage(__file__, "prov_lampung_2024", rules.decide)
INFO, TABLES = PACKAGE.info, PACKAGE.tables
kompensasi_decree = PACKAGE.kompensasi_decree
kompensasi_evaluate = PACKAGE.kompensasi_evaluate
kompensasi_examples = PACKAGE.kompensasi_examples
