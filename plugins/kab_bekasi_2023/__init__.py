"""Keputusan Kepala Dinas Sosial Kabupaten Bekasi No. OR.02/2308/DINSOS/2023 tentang Standar
Pelayanan: the catalogue of 14 services, and no compensation rule."""

from core.decrees import hookimpl
from core.decrees.package import DecreePackage
from plugins.kab_bekasi_2023 import rules

PACKAGE = DecreePackage(__file__, "kab_bekasi_2023", rules.decide)
INFO, TABLES = PACKAGE.info, PACKAGE.tables
CATALOGUE = rules.load_catalogue(__file__)
kompensasi_decree = PACKAGE.kompensasi_decree
kompensasi_evaluate = PACKAGE.kompensasi_evaluate
kompensasi_examples = PACKAGE.kompensasi_examples


@hookimpl
def kompensasi_service_catalogue():
    return CATALOGUE
