"""Marshmallow fields that read the request: a moment written in the agency's own zone, and a
complainant's identity masked for whoever may not see it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import g
from flask_login import current_user
from marshmallow import fields, validate

from core.access import policy
from core.decrees.facts import AwareDateTime
from core.timekeeping.clock import DEFAULT_ZONE


class LocalDateTime(AwareDateTime):
    """A moment read with its offset, and written back in the agency's own zone (WIB, WITA, WIT),
    so that what a POST answers and what a later GET answers agree to the letter."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None:
            value = value.astimezone(self._zone())
        return super()._serialize(value, attr, obj, **kwargs)

    @staticmethod
    def _zone() -> ZoneInfo:
        tenant = g.get("tenant")
        return ZoneInfo(tenant.timezone) if tenant is not None else DEFAULT_ZONE

    def prepare_dump(self):
        """For a page of rows (core.api.listing_dump): the zone resolved once, not per value."""
        if self.format not in (None, "iso"):
            return None
        zone = self._zone()
        return lambda value: value.astimezone(zone).isoformat()


class Identity(fields.String):
    """Who complained: written as stored, unless the complaint is anonim or rahasia and the
    viewer does not handle it (``core.access.policy.may_see_identity``)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value and not policy.may_see_identity(current_user, g.get("tenant"), obj):
            return policy.MASKED
        return super()._serialize(value, attr, obj, **kwargs)


def one_of(codes) -> validate.OneOf:
    return validate.OneOf(codes, error="Must be one of: {choices}.")
