"""Keputusan Kepala Dinas Sosial, PP dan PA Kabupaten Belitung No. 188.4/062/KEP/DSPPPA/2023:
compensation when a request misses 2x24 hours after berkas lengkap, and on complaints."""

from core.decrees.package import DecreePackage
from plugins.kab_belitung_2023 import rules

PACKAGE = DecreePackage(__file__, "kab_belitung_2023", rules.decide)
INFO, TABLES = PACKAGE.info, PACKAGE.tables
kompensasi_decree = PACKAGE.kompensasi_decree
kompensasi_evaluate = PACKAGE.kompensasi_evaluate
kompensasi_examples = PACKAGE.kompensasi_examples
