"""The agency's letterhead (kop surat), as its admin dinas edits it.

The fields are those the letter template reads (``core/case_files/letters.LETTERHEAD_FIELDS``) and the letter
number format (``letter_number``, checked as ``core/letter_numbers`` reads it). The logo is a PNG
or JPEG image, its type read from its bytes (``core/platform/sniff.py``), kept in the case file store by its
hash (``core/platform/filestore.py``) and named in the letterhead as ``logo`` (the hash). A change made here
is drift for ``flask tenants sync`` (the tenant file no longer matches), which reports it rather
than overwrite it unless ``--force``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from babel.dates import format_date

from core.platform.db import Session
from core.platform.domain_errors import Invalid, TooLarge
from core.platform.filestore import FileStore
from core.agency.letter_numbers import DEFAULT_FORMAT, NumberFormatError, check_format, format_number
from core.case_files.letters import LETTERHEAD_FIELDS, SUBJECTS, logo_data_uri  # noqa: F401  (the letter's logo, for the sample)
from core.models import AuditEvent, Tenant, User
from core.platform.sniff import JPEG, PNG, NotAccepted, sniff

TEXT_FIELDS = (*LETTERHEAD_FIELDS, "letter_number")
LIMITS = {"address": 500, "letter_number": 100}
DEFAULT_LIMIT = 200
LOGO = "logo"
LOGO_TYPES = (PNG, JPEG)
LOGO_MAX_BYTES = 512 * 1024


def fields_of(tenant: Tenant) -> dict[str, str]:
    """The letterhead's text fields (an unset one is empty) and its logo's hash (or empty)."""
    stored = tenant.letterhead or {}
    return {name: str(stored.get(name, "")) for name in (*TEXT_FIELDS, LOGO)}


def fingerprint(tenant: Tenant) -> str:
    """The version an edit must name: it moves with every change of the letterhead."""
    return hashlib.sha256(json.dumps(tenant.letterhead or {}, sort_keys=True).encode()).hexdigest()[:16]


def _record(tenant: Tenant, actor: User | None, before: dict, after: dict) -> None:
    Session.add(AuditEvent(tenant_id=tenant.id, entity="letterhead", entity_id=str(tenant.id), action="update",
                           actor_id=actor.id if actor else None, before=before, after=after))


def _store(tenant: Tenant, letterhead: dict[str, str], actor: User | None) -> None:
    before = dict(tenant.letterhead or {})
    if letterhead != before:
        tenant.letterhead = letterhead
        changed = sorted(k for k in set(before) | set(letterhead) if before.get(k) != letterhead.get(k))
        _record(tenant, actor, {k: before.get(k) for k in changed}, {k: letterhead.get(k) for k in changed})


def update(tenant: Tenant, data: dict[str, str], actor: User | None = None) -> dict[str, str]:
    """Set the text fields ``data`` gives (an empty one is removed); the logo stays."""
    problems: dict[str, list[str]] = {}
    for name, value in data.items():
        if name not in TEXT_FIELDS:
            problems[name] = ["not a letterhead field"]
        elif len(value) > LIMITS.get(name, DEFAULT_LIMIT):
            problems[name] = [f"at most {LIMITS.get(name, DEFAULT_LIMIT)} characters"]
    number_format = data.get("letter_number", "").strip()
    if number_format and "letter_number" not in problems:
        try:
            check_format(number_format)
        except NumberFormatError as exc:
            problems["letter_number"] = [str(exc)]
    if problems:
        raise Invalid("some fields are invalid", problems)
    letterhead = dict(tenant.letterhead or {})
    for name, value in data.items():
        if value.strip():
            letterhead[name] = value.strip()
        else:
            letterhead.pop(name, None)
    _store(tenant, letterhead, actor)
    return fields_of(tenant)


def set_logo(store: FileStore, tenant: Tenant, content: bytes, actor: User | None = None) -> str:
    """Keep a PNG or JPEG logo (read from its bytes) and name it in the letterhead; returns its hash."""
    if len(content) > LOGO_MAX_BYTES:
        raise TooLarge(f"the logo is larger than {LOGO_MAX_BYTES} bytes", {"logo": [f"at most {LOGO_MAX_BYTES // 1024} KB"]})
    try:
        kind = sniff(content)
    except NotAccepted as exc:
        raise Invalid(f"logo: {exc}", {"logo": [str(exc)]}) from None
    if kind.media_type not in LOGO_TYPES:
        raise Invalid("logo: a logo is a PNG or JPEG image", {"logo": ["a PNG or JPEG image, not a PDF"]})
    sha256 = store.put(content)
    _store(tenant, {**(tenant.letterhead or {}), LOGO: sha256}, actor)
    return sha256


def remove_logo(tenant: Tenant, actor: User | None = None) -> None:
    letterhead = dict(tenant.letterhead or {})
    letterhead.pop(LOGO, None)
    _store(tenant, letterhead, actor)


def logo_of(store: FileStore, tenant: Tenant) -> tuple[bytes, str] | None:
    """The logo's bytes and media type, or None when the agency has none (or its file is gone)."""
    sha256 = (tenant.letterhead or {}).get(LOGO)
    if not sha256:
        return None
    try:
        content = store.read(sha256)
        return content, sniff(content).media_type
    except (FileNotFoundError, ValueError):  # NotAccepted is a ValueError: a damaged file is no logo
        return None


def sample_context(tenant: Tenant, day: date) -> dict[str, Any]:
    """A letter's context with the agency's letterhead and made-up case details: what the letter
    template renders for the preview (the same template as every issued letter)."""
    fields = fields_of(tenant)
    try:
        number = format_number(check_format(fields["letter_number"] or DEFAULT_FORMAT), 1, day)
    except NumberFormatError:
        number = "—"
    when = format_date(day, "d MMMM y", locale="id")
    return {
        "letterhead": {name: fields[name] for name in LETTERHEAD_FIELDS}, "agency_name": tenant.name,
        "number": number, "subject": SUBJECTS["maaf_tertulis"], "issued_on": when, "received_on": when,
        "addressee": "Sdr. Contoh Pengadu", "tracking_code": "CONTOH", "service_name": "Contoh Layanan",
        "component_label": "Jangka waktu pelayanan", "decree_number": "(contoh)", "citation": "(pasal contoh)",
    }
