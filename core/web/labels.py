"""The vocabulary's labels as a page shows them: in the reader's language.

``core.vocabulary.LABELS`` holds each code's Indonesian label, which is also its msgid in
``core/translations``; a page reads ``labels.get(code, default)`` as before and gets the English
label when the reader chose English."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from flask_babel import gettext, lazy_gettext

from core import vocabulary


class TranslatedLabels(Mapping):
    def __getitem__(self, code: str) -> str:
        return gettext(vocabulary.LABELS[code])

    def __iter__(self) -> Iterator[str]:
        return iter(vocabulary.LABELS)

    def __len__(self) -> int:
        return len(vocabulary.LABELS)


LABELS = TranslatedLabels()


def lazy_label(code: str):
    """A code's label for a form's choices, built at import and read in the language of each request."""
    return lazy_gettext(vocabulary.LABELS.get(code, code))
