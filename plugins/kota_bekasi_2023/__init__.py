"""Keputusan Kepala Dinas Sosial Kota Bekasi No. 460/Kep.15.a/Dinsos/I/2023:
compensation for users served below the Standar Pelayanan, graded ringan, sedang, berat."""

from core.decrees import hookimpl
from plugins._support import decree_info, load_examples, load_tables
from plugins.kota_bekasi_2023 import rules

TABLES = load_tables(__file__)
INFO = decree_info("kota_bekasi_2023", TABLES["decree"])


@hookimpl
def kompensasi_decree():
    return INFO


@hookimpl
def kompensasi_evaluate(facts, context):
    return rules.decide(INFO, TABLES, facts, context)


@hookimpl
def kompensasi_examples():
    return load_examples(__file__)
