"""Keputusan Kepala Dinas Sosial, PP dan PA Kabupaten Belitung No. 188.4/062/KEP/DSPPPA/2023:
compensation when a request misses 2x24 hours after berkas lengkap, and on complaints."""

from core.decrees import hookimpl
from plugins._support import decree_info, load_examples, load_tables
from plugins.kab_belitung_2023 import rules

TABLES = load_tables(__file__)
INFO = decree_info("kab_belitung_2023", TABLES["decree"])


@hookimpl
def kompensasi_decree():
    return INFO


@hookimpl
def kompensasi_evaluate(facts, context):
    return rules.decide(INFO, TABLES, facts, context)


@hookimpl
def kompensasi_examples():
    return load_examples(__file__)
