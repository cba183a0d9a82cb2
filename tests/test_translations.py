"""Bahasa Indonesia first, English complete (issue #11 part 10): every string a page or a form
puts through Flask-Babel, and every label of ``core/vocabulary.py`` (the msgids the pages
translate at run time), has an English translation in ``core/translations/en``; none is fuzzy."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from core import vocabulary

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "core" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def _english():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="en")


def _extracted() -> dict[str, str]:
    """Each msgid of the UI, as ``pybabel extract -F babel.cfg -k _l core`` finds it, with where."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            ROOT / "core", method_map, options_map, keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"core/{filename}:{line}")
    return found


def test_every_ui_string_has_its_english_translation():
    english = _english()
    extracted = _extracted()
    assert len(extracted) > 150, "the extraction reads the templates and the Python modules"
    missing = {msgid: where for msgid, where in extracted.items()
               if english.get(msgid) is None or not english.get(msgid).string}
    assert missing == {}, "add these to core/translations/en/LC_MESSAGES/messages.po (docs/i18n.md)"


def test_every_vocabulary_label_has_its_english_translation():
    english = _english()
    missing = sorted(label for label in set(vocabulary.LABELS.values())
                     if english.get(label) is None or not english.get(label).string)
    assert missing == []


def test_no_translation_is_left_fuzzy():
    assert [m.id for m in _english() if m.id and m.fuzzy] == []
