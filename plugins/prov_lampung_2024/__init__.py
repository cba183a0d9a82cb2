"""Keputusan Kepala Dinas Sosial Provinsi Lampung No. 400.9.3.21//4 IV.07/B.II/2024:
compensation to users of child-care services, per component violated, within 2x24 hours."""

from core.decrees import hookimpl
from core.decrees.package import DecreePackage
from plugins.prov_lampung_2024 import rules

PACKAGE = DecreePackage(__file__, "prov_lampung_2024")
INFO, TABLES = PACKAGE.info, PACKAGE.tables
kompensasi_decree = PACKAGE.kompensasi_decree
kompensasi_examples = PACKAGE.kompensasi_examples


@hookimpl
def kompensasi_classify(facts, context):
    """Lampiran angka 4-5: a complaint about one of five components, child-care services only."""
    return rules.classify(TABLES, facts, context)


@hookimpl
def kompensasi_compensate(facts, classification, context):
    """Lampiran angka 6, per component; angka 8: within 2x24 jam of the complaint's receipt."""
    return rules.compensate(TABLES, facts, classification, context)


@hookimpl
def kompensasi_sanction(facts, classification, context):
    """Lampiran angka 7: teguran or pembinaan, the head's choice."""
    return rules.sanction(TABLES, facts, classification, context)
