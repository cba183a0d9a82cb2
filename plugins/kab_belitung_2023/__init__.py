"""Keputusan Kepala Dinas Sosial, PP dan PA Kabupaten Belitung No. 188.4/062/KEP/DSPPPA/2023:
compensation when a request misses 2x24 hours after berkas lengkap, and on complaints."""

from core.decrees import hookimpl
from core.decrees.package import DecreePackage
from plugins.kab_belitung_2023 import rules

PACKAGE = DecreePackage(__file__, "kab_belitung_2023")
INFO, TABLES = PACKAGE.info, PACKAGE.tables
kompensasi_decree = PACKAGE.kompensasi_decree
kompensasi_examples = PACKAGE.kompensasi_examples


@hookimpl
def kompensasi_classify(facts, context):
    """Diktum KETIGA (a request unfinished 2x24 jam after berkas lengkap) and Lampiran angka 4-5 (a complaint)."""
    return rules.classify(TABLES, facts, context)


@hookimpl
def kompensasi_compensate(facts, classification, context):
    """Diktum KETIGA: apology, notice, delivery; Lampiran angka 5: apology and explanation."""
    return rules.compensate(TABLES, facts, classification, context)


@hookimpl
def kompensasi_sanction(facts, classification, context):
    """Lampiran angka 6: teguran or pembinaan, the head's choice; none for a gangguan."""
    return rules.sanction(TABLES, facts, classification, context)
