"""Keputusan Kepala Dinas Sosial, PP dan PA Kabupaten Belitung No. 188.4/062/KEP/DSPPPA/2023:
compensation when a request misses 2x24 hours after berkas lengkap, and on complaints.
The rules, one function per question, are in rules.py; the tables in tables.toml."""

from core.decrees.package import DecreePackage
from plugins.kab_belitung_2023 import rules

PLUGIN = DecreePackage(__file__, "kab_belitung_2023", rules)
