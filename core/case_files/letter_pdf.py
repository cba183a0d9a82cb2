"""Letters as PDF: an HTML (Jinja) template under ``core/templates/letters/``, rendered by
WeasyPrint. The template carries its own style and fetches nothing: every URL but an inline
``data:`` one (the agency's logo, embedded by :mod:`core.case_files.letters`) is refused, so nothing a
complainant typed can make the renderer read a file or call the network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML
from weasyprint.urls import URLFetcher

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "letters"
_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(kind: str, context: dict[str, Any]) -> str:
    return _environment.get_template(f"{kind}.html").render(**context)


def render_pdf(kind: str, context: dict[str, Any]) -> bytes:
    inline_only = URLFetcher(allowed_protocols={"data"})
    return HTML(string=render_html(kind, context), url_fetcher=inline_only, base_url=str(TEMPLATES)).write_pdf()
