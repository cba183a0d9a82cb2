"""Keputusan Kepala Dinas Sosial Kabupaten Bekasi No. OR.02/2308/DINSOS/2023 tentang Standar
Pelayanan: the catalogue of 14 services, and no compensation or sanction rule (so it implements
neither kompensasi_compensate nor kompensasi_sanction)."""

from core.decrees import hookimpl
from core.decrees.package import DecreePackage
from plugins.kab_bekasi_2023 import rules

PACKAGE = DecreePackage(__file__, "kab_bekasi_2023")
INFO, TABLES = PACKAGE.info, PACKAGE.tables
CATALOGUE = rules.load_catalogue(__file__)
kompensasi_decree = PACKAGE.kompensasi_decree
kompensasi_examples = PACKAGE.kompensasi_examples


@hookimpl
def kompensasi_classify(facts, context):
    """Diktum KESATU-KETIGA and Lampiran III: standards and a Maklumat, no compensation rule."""
    return rules.classify(TABLES, facts, context)


@hookimpl
def kompensasi_service_catalogue():
    """Lampiran I-II: the 14 services with the 14 components of each."""
    return CATALOGUE
