"""Finding decree plugins and calling one of them.

Plugins come from two places: the modules of the ``plugins`` package in this
repository (a module's ``PLUGIN`` object if it has one, else the module itself),
and installed distributions declaring an entry point in group
``kompensasi.decrees``. ``KOMPENSASI_PLUGINS`` (comma-separated names; ``PLUGINS``
in the app's settings) restricts which load. A hook is only ever called on the
one plugin asked for, and its answer is checked against the vocabulary.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable, Iterable
from importlib import metadata
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pluggy

from core import vocabulary
from core.decrees import PROJECT, hookspecs
from core.decrees.compose import PARTS, compose, part_of
from core.decrees.contract import (
    Classification, Compensation, Decision, DecreeInfo, EvaluationContext, Facts, SanctionRuling, Situation,
)
from core.decrees.kahar import decree_context

ENTRY_POINT_GROUP = "kompensasi.decrees"
logger = logging.getLogger(__name__)
NO_CLASSIFICATION_RULE = "keputusan ini tidak mengatur klasifikasi pelanggaran: pimpinan yang memutuskan"


class UnknownDecree(LookupError):
    def __init__(self, name: str):
        super().__init__(f"no decree plugin named {name!r} is installed")
        self.name = name


class PluginError(RuntimeError):
    """A plugin that cannot be loaded: missing metadata, a misnamed hook, a name clash."""


def _hint(exc: Exception) -> str:
    hooks = ", ".join(sorted(n for n in dir(hookspecs) if n.startswith("kompensasi_")))
    return (f"{exc} (the decree hooks are: {hooks}; kompensasi_evaluate became "
            "kompensasi_classify, kompensasi_compensate and kompensasi_sanction)")


class DecreeRegistry:
    """The installed decree plugins. One that cannot be loaded (an import error, a misspelled
    hook, no metadata) is kept aside in :attr:`broken` with the reason, so the platform and
    every other decree keep working; ``flask decree list`` reports it."""

    def __init__(self, *, builtin_package: str | None = "plugins", entry_points: bool = True,
                 only: Iterable[str] | None = None):
        self._only = set(only) if only is not None else None
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self._infos: dict[str, DecreeInfo] = {}
        self._callers: dict[tuple[str, str], Any] = {}
        self.broken: dict[str, str] = {}
        candidates = self._package_candidates(builtin_package) if builtin_package else []
        if entry_points:
            candidates += [(ep.name, ep.load) for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)]
        for name, load in candidates:
            if self._only is not None and name not in self._only:
                continue
            try:
                self.register(load(), name)
            except Exception as exc:  # a broken plugin must not take the platform down with it
                self.broken[name] = f"{type(exc).__name__}: {exc}"
                logger.error("decree plugin %s is broken: %s", name, exc)

    @staticmethod
    def _package_candidates(package_name: str) -> list[tuple[str, Callable[[], Any]]]:
        package = importlib.import_module(package_name)

        def loader(module_name: str) -> Callable[[], Any]:
            def load() -> Any:
                loaded = importlib.import_module(f"{package_name}.{module_name}")
                return getattr(loaded, "PLUGIN", loaded)
            return load

        return [(m.name, loader(m.name)) for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")]

    def _names(self) -> list[str]:
        return [name for name, _ in self.pm.list_name_plugin()]

    def _refresh(self) -> None:
        self._callers: dict[tuple[str, str], Any] = {}
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(_hint(exc)) from exc
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
        """Add a plugin; raises :class:`PluginError` (and adds nothing) when it is not valid."""
        try:
            self.pm.register(plugin, name=name)
            self._refresh()
        except Exception as exc:
            if self.pm.get_plugin(name) is plugin:
                self.pm.unregister(name=name)
            self._refresh()
            if isinstance(exc, pluggy.PluginValidationError):
                raise PluginError(_hint(exc)) from exc
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
        """The hook called on this plugin alone; built once per plugin and hook (pluggy's subset
        callers are costly to make), forgotten whenever a plugin comes or goes."""
        key = (name, hook)
        if key not in self._callers:
            if self.pm.get_plugin(name) is None:
                raise UnknownDecree(name)
            others = [p for n, p in self.pm.list_name_plugin() if n != name]
            self._callers[key] = self.pm.subset_hook_caller(hook, remove_plugins=others)
        return self._callers[key]

    # -- judgement: the three hooks, on their own and composed -------------------

    def _prepare(self, name: str, facts: Facts, context: EvaluationContext, as_if_in_force: bool = False
                 ) -> tuple[DecreeInfo, EvaluationContext, list[str], Classification | None]:
        """The decree, the context its clocks run in, and the core's notes; and a ready
        classification when the decree was not in force on the day of the facts (unless asked
        to judge them as if it were: a what-if)."""
        info = self.info(name)
        day = facts.occurred_at.astimezone(context.calendar.tz).date()
        if not as_if_in_force and not info.in_force_on(day):
            return info, context, [], Classification(False, facts.component, notes=(not_in_force_reason(info, day),))
        context, notes = decree_context(info, context, facts)
        return info, context, notes, None

    def _classify(self, name: str, facts: Facts, context: EvaluationContext, notes: list[str]) -> Classification:
        answer = self._caller(name, "kompensasi_classify")(facts=facts, context=context)
        if answer is None:
            return Classification(False, facts.component, notes=(NO_CLASSIFICATION_RULE, *notes))
        if not isinstance(answer, Classification):
            raise PluginError(f"plugin {name!r}: kompensasi_classify returned {type(answer).__name__}, not a Classification")
        _check_codes(name, "kompensasi_classify", unknown_codes(answer))
        return replace(answer, notes=(*answer.notes, *notes)) if notes else answer

    def _ask(self, name: str, hook: str, expected: type, facts: Facts, classification: Classification,
             context: EvaluationContext):
        if not classification.applies:
            return expected()
        answer = self._caller(name, hook)(facts=facts, classification=classification, context=context)
        if answer is not None and not isinstance(answer, expected):
            raise PluginError(f"plugin {name!r}: {hook} returned {type(answer).__name__}, not a {expected.__name__}")
        if isinstance(answer, list) and not all(isinstance(item, Compensation) for item in answer):
            raise PluginError(f"plugin {name!r}: {hook} must return Compensation items")
        _check_codes(name, hook, unknown_codes(answer))
        return answer

    def classify(self, name: str, facts: Facts, context: EvaluationContext) -> Classification:
        """What kind of breach the facts are under the decree, judged as it stood when they occurred."""
        _info, context, notes, ready = self._prepare(name, facts, context)
        return ready or self._classify(name, facts, context, notes)

    def compensate(self, name: str, facts: Facts, context: EvaluationContext,
                   classification: Classification | None = None) -> list[Compensation] | None:
        """What the user receives; None where the decree sets no compensation rule."""
        _info, context, notes, ready = self._prepare(name, facts, context)
        classification = classification or ready or self._classify(name, facts, context, notes)
        return self._ask(name, "kompensasi_compensate", list, facts, classification, context)

    def sanction(self, name: str, facts: Facts, context: EvaluationContext,
                 classification: Classification | None = None) -> SanctionRuling | None:
        """What the officer faces; None where the decree sets no sanction rule."""
        _info, context, notes, ready = self._prepare(name, facts, context)
        classification = classification or ready or self._classify(name, facts, context, notes)
        return self._ask(name, "kompensasi_sanction", SanctionRuling, facts, classification, context)

    def evaluate(self, name: str, facts: Facts, context: EvaluationContext, *, as_if_in_force: bool = False) -> Decision:
        """The decree's whole decision, composed from its three answers. ``as_if_in_force`` judges
        facts the decree's dates do not cover as if it had been in force (a what-if replay)."""
        info, context, notes, ready = self._prepare(name, facts, context, as_if_in_force)
        classification = ready or self._classify(name, facts, context, notes)
        compensations = self._ask(name, "kompensasi_compensate", list, facts, classification, context)
        ruling = self._ask(name, "kompensasi_sanction", SanctionRuling, facts, classification, context)
        return compose(info, classification, compensations, ruling)

    def part(self, name: str, facts: Facts, context: EvaluationContext, only: str) -> dict[str, Any]:
        """One question's answer as JSON: ``classify``, ``compensate`` or ``sanction``."""
        if only not in PARTS:
            raise ValueError(f"only must be one of {', '.join(PARTS)}")
        classification = self.classify(name, facts, context)
        ask = {"classify": None, "compensate": self.compensate, "sanction": self.sanction}[only]
        answer = ask(name, facts, context, classification) if ask else None
        return part_of(only, self.info(name), classification, answer)

    def examples(self, name: str) -> dict:
        results = self._caller(name, "kompensasi_examples")()
        return results[0] if results else {"context": {}, "example": []}

    def situations(self, name: str, moment: datetime) -> list[Situation]:
        """The situations the decree's tables tell apart (``kompensasi_situations``), checked."""
        results = self._caller(name, "kompensasi_situations")(moment=moment)
        found = results[0] if results else []
        if not all(isinstance(item, Situation) for item in found):
            raise PluginError(f"plugin {name!r}: kompensasi_situations must return Situation items")
        return list(found)

    def service_catalogue(self, name: str) -> list[dict]:
        results = self._caller(name, "kompensasi_service_catalogue")()
        return results[0] if results else []


def unknown_codes(answer: Classification | list[Compensation] | SanctionRuling | None) -> list[str]:
    """Every code in a plugin's answer that the vocabulary does not know."""
    found: list[tuple[str, Any, tuple]] = []
    if isinstance(answer, Classification):
        found.append(("severity", answer.severity, (None, *vocabulary.SEVERITIES)))
        found.append(("component", answer.component, vocabulary.COMPONENTS))
        for violation in answer.violations:
            found += [("form", violation.form, vocabulary.FORMS),
                      ("severity", violation.severity, (None, *vocabulary.SEVERITIES)),
                      ("cause", violation.cause, (None, *vocabulary.CAUSES))]
    elif isinstance(answer, SanctionRuling):
        found += [("sanction", code, vocabulary.SANCTIONS) for code in (*answer.required, *answer.choose_one_of)]
        found.append(("decided_by", answer.decided_by, (None, *vocabulary.ROLES)))
    elif answer:
        found += [("compensation", item.code, vocabulary.COMPENSATIONS) for item in answer]
    return [f"{kind} {value!r}" for kind, value, known in found if value not in known]


def _check_codes(name: str, hook: str, unknown: list[str]) -> None:
    if unknown:
        raise PluginError(f"plugin {name!r}: {hook} answered with codes outside the vocabulary: {', '.join(unknown)}")


def not_in_force_reason(info: DecreeInfo, day: date) -> str:
    if day < info.effective_from:
        return f"fakta bertanggal {day} mendahului keputusan, yang berlaku sejak {info.effective_from}"
    return f"fakta bertanggal {day} melewati berakhirnya keputusan pada {info.effective_until}"

