"""``flask decree new NAME``: a plugin package from the scaffold, passing the harness as created."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATE = Path(__file__).parent / "scaffold_template"
NAME = re.compile(r"^[a-z][a-z0-9_]*_(19|20)\d{2}$")


class ScaffoldError(ValueError):
    pass


def create(name: str, directory: Path) -> Path:
    if not NAME.match(name):
        raise ScaffoldError(f"{name!r}: use the decree code, lowercase with its year, e.g. kota_contoh_2025")
    target = directory / name
    if target.exists():
        raise ScaffoldError(f"{target} exists")
    target.mkdir(parents=True)
    for source in sorted(TEMPLATE.iterdir()):
        if source.name.startswith((".", "__pycache__")):
            continue
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".tmpl":
            (target / source.stem).write_text(text.format(name=name), encoding="utf-8")
        else:
            (target / source.name).write_text(text, encoding="utf-8")
    return target
