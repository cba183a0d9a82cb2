"""Keputusan Kepala Dinas Sosial Provinsi Lampung No. 400.9.3.21//4 IV.07/B.II/2024:
compensation to users of child-care services, per component violated, within 2x24 hours.
The rules, one function per question, are in rules.py; the tables in tables.toml."""

from core.decrees.package import DecreePackage
from plugins.prov_lampung_2024 import rules

PLUGIN = DecreePackage(__file__, "prov_lampung_2024", rules)
