"""Finding decree plugins and calling one of them.

Plugins come from two places: the modules of the ``plugins`` package in this
repository, and installed distributions declaring an entry point in group
``kompensasi.decrees``. ``KOMPENSASI_PLUGINS`` (comma-separated names) restricts
which load. A hook is only ever called on the one plugin asked for.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pluggy

from core.decrees import PROJECT, hookspecs
from core.decrees.contract import Decision, DecreeInfo, EvaluationContext, Facts

ENTRY_POINT_GROUP = "kompensasi.decrees"
JAKARTA = ZoneInfo("Asia/Jakarta")


class UnknownDecree(LookupError):
    def __init__(self, name: str):
        super().__init__(f"no decree plugin named {name!r} is installed")
        self.name = name


class PluginError(RuntimeError):
    """A plugin that cannot be loaded: missing metadata, a misnamed hook, a name clash."""


class DecreeRegistry:
    def __init__(self, *, builtin_package: str | None = "plugins", entry_points: bool = True,
                 only: Iterable[str] | None = None):
        if only is None and os.environ.get("KOMPENSASI_PLUGINS"):
            only = [n.strip() for n in os.environ["KOMPENSASI_PLUGINS"].split(",") if n.strip()]
        self._only = set(only) if only is not None else None
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        if builtin_package:
            self._load_package(builtin_package)
        if entry_points:
            self.pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
            for name in list(self._names()):
                if self._only is not None and name not in self._only:
                    self.pm.unregister(name=name)
        self._infos: dict[str, DecreeInfo] = {}
        self._refresh()

    def _load_package(self, package_name: str) -> None:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__):
            if module.name.startswith("_") or (self._only is not None and module.name not in self._only):
                continue
            self.pm.register(importlib.import_module(f"{package_name}.{module.name}"), name=module.name)

    def _names(self) -> list[str]:
        return [name for name, _ in self.pm.list_name_plugin()]

    def _refresh(self) -> None:
        self.pm.check_pending()
        infos: dict[str, DecreeInfo] = {}
        for name in self._names():
            results = self._caller(name, "kompensasi_decree")()
            if len(results) != 1 or not isinstance(results[0], DecreeInfo):
                raise PluginError(f"plugin {name!r} must implement kompensasi_decree() returning DecreeInfo")
            info = results[0]
            if info.plugin != name:
                raise PluginError(f"plugin registered as {name!r} declares itself {info.plugin!r}")
            infos[name] = info
        self._infos = infos

    # -- registration (tests, and distributions loaded late) ----------------

    def register(self, plugin: Any, name: str) -> None:
        self.pm.register(plugin, name=name)
        try:
            self._refresh()
        except Exception:
            self.pm.unregister(name=name)
            self._refresh()
            raise

    def unregister(self, name: str) -> None:
        self.pm.unregister(name=name)
        self._refresh()

    # -- queries -------------------------------------------------------------

    def names(self) -> list[str]:
        return sorted(self._infos)

    def infos(self) -> list[DecreeInfo]:
        return [self._infos[n] for n in self.names()]

    def info(self, name: str) -> DecreeInfo:
        try:
            return self._infos[name]
        except KeyError:
            raise UnknownDecree(name) from None

    def _caller(self, name: str, hook: str):
        plugin = self.pm.get_plugin(name)
        if plugin is None:
            raise UnknownDecree(name)
        others = [p for n, p in self.pm.list_name_plugin() if n != name]
        return self.pm.subset_hook_caller(hook, remove_plugins=others)

    def evaluate(self, name: str, facts: Facts, context: EvaluationContext) -> Decision:
        """The decree's decision, judged as the decree stood when the facts occurred."""
        info = self.info(name)
        day = facts.occurred_at.astimezone(context.calendar.tz if context else JAKARTA).date()
        if not info.in_force_on(day):
            return not_in_force(info, day)
        decision = self._caller(name, "kompensasi_evaluate")(facts=facts, context=context)
        if not isinstance(decision, Decision):
            raise PluginError(f"plugin {name!r} returned no decision")
        return decision

    def examples(self, name: str) -> dict:
        results = self._caller(name, "kompensasi_examples")()
        return results[0] if results else {"context": {}, "example": []}

    def service_catalogue(self, name: str) -> list[dict]:
        results = self._caller(name, "kompensasi_service_catalogue")()
        return results[0] if results else []


def not_in_force(info: DecreeInfo, day: Any, reason: str | None = None) -> Decision:
    if reason is None:
        if day < info.effective_from:
            reason = f"facts dated {day} precede the decree, in force from {info.effective_from}"
        else:
            reason = f"facts dated {day} follow the decree's end on {info.effective_until}"
    return Decision(decree=info, applies=False, notes=[reason])


def now_jakarta() -> datetime:
    return datetime.now(JAKARTA)
