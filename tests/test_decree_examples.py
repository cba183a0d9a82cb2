"""Every installed decree's legal examples, row by row (one shared harness)."""

import pytest

from core.decrees.examples import check_deadline, check_example
from core.decrees.registry import DecreeRegistry

REGISTRY = DecreeRegistry()


def _cases():
    for plugin in REGISTRY.names():
        data = REGISTRY.examples(plugin)
        for example in data.get("example", []):
            yield pytest.param(plugin, data.get("context", {}), example, id=f"{plugin}:{example.get('name')}")


@pytest.mark.parametrize(("plugin", "defaults", "example"), list(_cases()))
def test_legal_example(plugin, defaults, example):
    assert example.get("citation"), "every example names the clause it illustrates"
    problems = check_example(REGISTRY, plugin, defaults, example)
    assert not problems, "\n".join(problems)


def _deadlines():
    for plugin in REGISTRY.names():
        data = REGISTRY.examples(plugin)
        for row in data.get("deadline", []):
            yield pytest.param(plugin, data.get("context", {}), row, id=f"{plugin}:{row.get('name')}")


@pytest.mark.parametrize(("plugin", "defaults", "row"), list(_deadlines()))
def test_deadline_example(plugin, defaults, row):
    assert row.get("citation"), "every example names the clause it illustrates"
    problems = check_deadline(REGISTRY, plugin, defaults, row)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("plugin", REGISTRY.names())
def test_every_plugin_ships_examples(plugin):
    """kompensasi_examples gives every decree's legal examples."""
    assert REGISTRY.examples(plugin).get("example"), f"{plugin} ships no legal examples"
