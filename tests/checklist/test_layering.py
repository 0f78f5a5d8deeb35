"""The checklist's and the agreement's modules keep the layering rules of the README: short modules,
imports at the top (never inside a function to dodge a cycle), and only URLconfs and views import views.
(tests/test_architecture.py checks the same over the whole repository.)"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = {"accounts", "agreements", "checklist", "collaborations", "documents", "samverkan"}
MODULES = sorted(
    path
    for app in ["checklist", "agreements"]
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts
)


def _imported(node):
    if isinstance(node, ast.ImportFrom):
        return [f"{node.module}.{alias.name}" for alias in node.names] + [node.module or ""]
    return [alias.name for alias in node.names]


def _is_view_module(name):
    last = name.split(".")[-1]
    return last == "views" or last.endswith("_views")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_short_and_imports_at_the_top(path):
    source = path.read_text()
    tree = ast.parse(source)
    assert len(source.splitlines()) <= 700
    for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = _imported(node)
                assert not any(n.split(".")[0] in PROJECT for n in names), f"line {node.lineno}: {names}"
    if not (_is_view_module(path.stem) or path.stem == "urls"):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                views = [n for n in _imported(node) if n.split(".")[0] in PROJECT and _is_view_module(n)]
                assert not views, f"line {node.lineno} imports a view module: {views}"
