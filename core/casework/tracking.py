"""Tracking codes: the key a complainant holds to their case, without an account.

Stored as ten characters of an alphabet without look-alikes (no I, O, 0, 1), shown grouped
(``ABCDE-FGHJK``) and read back however it was typed.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from core.models import Complaint
from core.platform.db import Session
from core.platform.domain_errors import NotFound

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_GROUP = 5


def new_tracking_code() -> str:
    """Ten characters of a 32-letter alphabet from ten random bytes: each byte modulo 32 is
    uniform (256 is a multiple of 32), and one call to the system's generator serves all ten."""
    return "".join(TRACKING_ALPHABET[byte % 32] for byte in secrets.token_bytes(10))


def normalise_code(raw: str) -> str:
    """A code as typed (lower case, grouped with a hyphen or spaces) in its stored form."""
    return re.sub(r"[\s\-]", "", raw or "").upper()


def display_code(code: str) -> str:
    """The code grouped for reading aloud and typing: ``ABCDE-FGHJK``."""
    return "-".join(code[i:i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def complaint_by_code(raw_code: str) -> Complaint:
    """The case of a tracking code in the tenant in scope; another agency's code is not found."""
    code = normalise_code(raw_code)
    found = None
    if code and len(code) <= 32:
        found = Session.scalar(select(Complaint).where(Complaint.tracking_code == code))
    if found is None:
        raise NotFound("complaint")
    return found
