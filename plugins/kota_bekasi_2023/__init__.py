"""Keputusan Kepala Dinas Sosial Kota Bekasi No. 460/Kep.15.a/Dinsos/I/2023:
compensation for users served below the Standar Pelayanan, graded ringan, sedang, berat."""

from core.decrees import hookimpl
from core.decrees.package import DecreePackage
from plugins.kota_bekasi_2023 import rules

PACKAGE = DecreePackage(__file__, "kota_bekasi_2023")
INFO, TABLES = PACKAGE.info, PACKAGE.tables
kompensasi_decree = PACKAGE.kompensasi_decree
kompensasi_examples = PACKAGE.kompensasi_examples


@hookimpl
def kompensasi_classify(facts, context):
    """Lampiran E.1-E.2: waktu by how late, cara pelayanan by the officer's conduct; E.3: kahar stops the time norm."""
    return rules.classify(TABLES, facts, context)


@hookimpl
def kompensasi_compensate(facts, classification, context):
    """Lampiran C.1 per kategori and form, claimed as C.2 says; Diktum KEEMPAT: after the Dinas's assessment."""
    return rules.compensate(TABLES, facts, classification, context)


@hookimpl
def kompensasi_sanction(facts, classification, context):
    """Lampiran C.1, berat cara pelayanan angka 2: the officer is processed under the rules in force."""
    return rules.sanction(TABLES, facts, classification, context)
