"""The import rules (style.md 2, 2a), enforced: imports follow the allowed arrows between layers, nothing but the
WSGI entry point and tests imports app.py, and no module takes part in an import circle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("layouts", "callbacks", "web", "api", "data_access", "simulators", "bench", "tests")
TOP_MODULES = ("app", "wsgi", "settings", "gunicorn.conf")
# importer layer -> the layers it may import (its own always included)
ALLOWED = {
    "app": {"api", "layouts", "web", "settings"},
    "wsgi": {"app"},
    "gunicorn.conf": {"settings"},
    "settings": set(),
    "layouts": {"callbacks", "web", "data_access", "settings"},
    "callbacks": {"web", "data_access", "settings"},
    "web": {"data_access", "settings"},
    "api": {"web", "data_access", "settings"},
    "data_access": {"settings"},
    "simulators": {"data_access", "settings"},
    "bench": {"callbacks", "web", "data_access", "simulators", "settings", "tests"},
    "tests": set(PACKAGES) | set(TOP_MODULES),
}
# (importer module, imported module): the named exceptions, each with its reason
EXCEPTIONS = {
    ("api.media", "simulators.scene"): "in simulator mode the app itself serves the synthetic cameras' frames",
}


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer(module: str) -> str | None:
    if module in TOP_MODULES:
        return module
    head = module.split(".", 1)[0]
    return head if head in PACKAGES else None


def project_files() -> list[Path]:
    files = [ROOT / f"{m}.py" for m in TOP_MODULES if (ROOT / f"{m}.py").exists()]
    for pkg in PACKAGES:
        files += [p for p in (ROOT / pkg).rglob("*.py") if "migrations" not in p.parts or pkg != "data_access"]
    return files


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Project modules imported by the file (`from pkg import mod` counts as pkg.mod when mod is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if layer(a.name)}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and layer(node.module):
            for a in node.names:
                sub = f"{node.module}.{a.name}"
                is_module = (ROOT / Path(*sub.split("."))).with_suffix(".py").exists() or (
                    ROOT / Path(*sub.split(".")) / "__init__.py"
                ).exists()
                out.add(sub if is_module else node.module)
    return out


def edges(*, top_level_only: bool = False) -> dict[str, set[str]]:
    return {module_name(p): imports(p, top_level_only=top_level_only) for p in project_files()}


def wrong_arrows(graph: dict[str, set[str]]) -> list[str]:
    bad = []
    for src, targets in sorted(graph.items()):
        mine = layer(src)
        for dst in sorted(targets):
            theirs = layer(dst)
            if theirs == mine or theirs in ALLOWED[mine] or (src, dst) in EXCEPTIONS:
                continue
            bad.append(f"{src} -> {dst} ({mine} may not import {theirs})")
    return bad


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_imports_follow_the_allowed_arrows():
    assert not wrong_arrows(edges()), "\n".join(wrong_arrows(edges()))


def test_nothing_but_the_wsgi_entry_point_and_tests_imports_app():
    importers = sorted(
        src for src, targets in edges().items() if "app" in targets and layer(src) not in ("wsgi", "tests")
    )
    assert not importers, importers


def test_no_import_circles():
    """At module level, where a circle breaks start-up (a function-level import is deferred, so it is not one)."""
    found = circles(edges(top_level_only=True))
    assert not found, found


def test_the_rules_catch_a_wrong_arrow():
    """The checker itself: a data-layer module importing the web layer, and a circle, are reported."""
    graph = {"data_access.x": {"web.auth"}, "web.auth": {"data_access.x"}}
    assert wrong_arrows(graph) == ["data_access.x -> web.auth (data_access may not import web)"]
    assert circles(graph) == [["data_access.x", "web.auth"]]
