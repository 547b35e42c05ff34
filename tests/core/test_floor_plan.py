"""The conventions of docs/architecture.md that import-linter cannot see: no module imports a
private name of another module, and no function in src/ is longer than 50 lines."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "ovop"
MAX_FUNCTION_LINES = 50


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        found.append((name.removesuffix(".__init__"), ast.parse(path.read_text(), str(path))))
    return found


def _private_imports(module: str, tree: ast.Module) -> list[str]:
    """`from ovop.x import _name` and `from ovop._x import y` where the private part belongs to
    another module than ``module`` (a package may use its own private submodules)."""
    package = module.rsplit(".", 1)[0]
    bad = []
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    for node in imports:
        source = node.module or ""
        if not source.startswith("ovop") or source == module:
            continue
        own_package = source == package or source.startswith(package + ".")
        names = [alias.name for alias in node.names]
        private = [p for p in source.split(".") if p.startswith("_")]
        private += [n for n in names if n.startswith("_")]
        if private and not own_package:
            bad.append(f"{module}: from {source} import {', '.join(names)}")
        elif own_package and any(n.startswith("_") for n in names) and source != package:
            bad.append(f"{module}: from {source} import {', '.join(names)}")
    return bad


def test_no_module_imports_a_private_name_of_another() -> None:
    bad = [line for name, tree in _modules() for line in _private_imports(name, tree)]
    assert bad == []


def test_private_import_check_catches_one() -> None:
    tree = ast.parse("from ovop.selection.services import _save\n")
    assert _private_imports("ovop.selection.decisions", tree) == [
        "ovop.selection.decisions: from ovop.selection.services import _save"
    ]
    own = ast.parse("from ovop.analysis._mcda_ahp import ahp\n")
    assert _private_imports("ovop.analysis.mcda", own) == []


def test_no_function_is_longer_than_50_lines() -> None:
    long = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert long == []
