"""Decree plugins: the contract they answer, the hooks they implement, and dispatch."""

import pluggy

PROJECT = "kompensasi"
hookimpl = pluggy.HookimplMarker(PROJECT)
hookspec = pluggy.HookspecMarker(PROJECT)
