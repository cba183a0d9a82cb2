"""The application's shared objects, reached from the surfaces in one way."""

from __future__ import annotations

from flask import current_app

from core.decrees.registry import DecreeRegistry


def decrees() -> DecreeRegistry:
    """The decree registry of the running app (services are passed it; surfaces ask here)."""
    return current_app.extensions["decrees"]
