"""The layers of docs/architecture.md, enforced: core/ is layered by domain (an import-linter
``layers`` contract that every package must join), no package holds an import circle, the domains
speak no HTTP, plugins and the decree contract are pure, time arithmetic knows nothing of decrees;
and, beyond import-linter, no circle among core's modules at all and no hidden imports."""

from __future__ import annotations

import ast
import os
import textwrap
import tomllib

import pytest
import grimp
from importlinter.cli import lint_imports

from tests.conftest import ROOT


def test_the_layer_contracts_of_pyproject_are_kept(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    output = capsys.readouterr().out
    assert code == 0, output
    contracts = len(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"])
    assert "0 broken" in output and f"{contracts} kept" in output


def test_a_broken_layer_fails_the_check(tmp_path, capsys, monkeypatch):
    """The same mechanism on a throwaway package: a 'plugin' that imports Flask is reported."""
    package = tmp_path / "lapisan_uji"
    (package / "plugins").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "plugins" / "__init__.py").write_text("")
    (package / "plugins" / "nakal.py").write_text("import flask\n")
    (tmp_path / "importlinter.ini").write_text(textwrap.dedent("""
        [importlinter]
        root_package = lapisan_uji
        include_external_packages = True

        [importlinter:contract:pure]
        name = plugins are pure
        type = forbidden
        source_modules = lapisan_uji.plugins
        forbidden_modules = flask
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    code = lint_imports(config_filename=str(tmp_path / "importlinter.ini"), no_cache=True, no_logo=True)
    assert code != 0 and "BROKEN" in capsys.readouterr().out


def _imports_inside_functions(path):
    """(line, text, comment given) of each import inside a function of ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = set()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    line = lines[inner.lineno - 1]
                    before = lines[inner.lineno - 2].strip() if inner.lineno > 1 else ""
                    found.add((inner.lineno, line.strip(), "#" in line or before.startswith("#")))
    return sorted(found)


@pytest.mark.parametrize("layer", ["core/timekeeping", "core/decrees", "plugins"])
def test_no_function_level_imports_in_the_pure_layers(layer):
    """Imports inside functions hide a layer's dependencies from the check above."""
    for path in (ROOT / layer).rglob("*.py"):
        inner = _imports_inside_functions(path)
        assert not inner, f"{path.relative_to(ROOT)} imports inside a function: {inner}"


def test_core_imports_inside_a_function_only_where_a_comment_says_why():
    """An import inside a function hides a dependency from a reader and from the layer check;
    one stays only with its reason beside it (a heavy optional dependency loaded lazily)."""
    unexplained = [f"{path.relative_to(ROOT)}:{line}: {text}"
                   for path in sorted((ROOT / "core").rglob("*.py"))
                   for line, text, explained in _imports_inside_functions(path) if not explained]
    assert not unexplained, "\n".join(unexplained)


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that import each other, directly or not."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycle_among_core_modules():
    """Module by module, imports inside functions and under TYPE_CHECKING included: no circle.
    (import-linter's acyclic-siblings contract sees packages; this sees every module.)"""
    graph = grimp.build_graph("core", cache_dir=None)
    edges = {module: {imported for imported in graph.find_modules_directly_imported_by(module)
                      if imported.startswith("core.")}
             for module in graph.modules if module.startswith("core.")}
    cycles = _strongly_connected(edges)
    assert not cycles, "modules that import each other: " + "; ".join(" ↔ ".join(group) for group in cycles)


def test_the_cycle_check_sees_a_circle():
    assert _strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_core_shows_its_domains():
    """The top of core/ holds the application factory, the vocabulary and the package face; the
    rest lives in the domain packages (docs/architecture.md)."""
    loose = sorted(path.name for path in (ROOT / "core").glob("*.py"))
    assert len(loose) <= 6, loose
    packages = {path.name for path in (ROOT / "core").iterdir() if (path / "__init__.py").exists()}
    layers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]["layers"]
    declared = {name.strip() for layer in layers for name in layer.split("|")}
    assert packages <= declared, f"packages of core/ with no layer: {sorted(packages - declared)}"
