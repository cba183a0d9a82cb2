"""The layers of docs/architecture.md, enforced: plugins and the decree contract pure, time
arithmetic free of decrees and the database, models free of the web, services below surfaces."""

from __future__ import annotations

import os
import textwrap
import tomllib

import pytest
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


@pytest.mark.parametrize("layer", ["core/timekeeping", "plugins"])
def test_no_function_level_imports_in_the_pure_layers(layer):
    """Imports inside functions hide a layer's dependencies from the check above."""
    import ast

    for path in (ROOT / layer).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = [n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
                assert not inner, f"{path.relative_to(ROOT)}:{node.name} imports inside a function"
