"""House conventions (style.md): page docstrings, a callbacks twin per page, id prefixes, roles declared on
every callback, settings documented, strings translated, no SQL or os.environ where they do not belong."""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

import pytest

import settings

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p for p in (ROOT / "layouts").glob("*.py") if not p.name.startswith("_"))


@pytest.fixture(scope="module")
def app():
    from app import create_app

    return create_app()


def test_every_page_has_a_docstring_and_a_callbacks_twin():
    assert PAGES, "no pages found"
    for page in PAGES:
        tree = ast.parse(page.read_text())
        assert ast.get_docstring(tree), f"{page.name} has no docstring"
        assert "register_page" in page.read_text(), f"{page.name} is not a page; helpers must start with _"
        twins = list((ROOT / "callbacks").rglob(page.name))
        assert len(twins) == 1, f"callbacks/**/{page.name}: {len(twins)} found (each page has one twin of its name)"


def test_helpers_in_layouts_never_mention_register_page():
    for helper in (ROOT / "layouts").glob("_*.py"):
        assert "register_page" not in helper.read_text(), f"{helper.name} would be imported as a page"


def test_every_component_id_starts_with_its_page_name(app):
    pages = {p.stem for p in PAGES} | {"shell"}
    for cb in app.callback_map.values():
        for dep in cb["inputs"] + cb["state"]:
            ident = dep["id"]
            name = ident if isinstance(ident, str) else str(dict(ident).get("type", ""))
            assert any(name.startswith(p + "-") for p in pages), f"id {ident!r} has no page prefix"


def test_every_server_callback_declares_who_may_call_it(app):
    undeclared = [key for key, cb in app.callback_map.items() if not getattr(cb["callback"], "allowed_roles", None)]
    assert not undeclared, f"callbacks without @allow(...): {undeclared}"


def test_every_setting_is_documented_in_env_example():
    documented = set(re.findall(r"^CC_([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    declared = {f.name.upper() for f in fields(settings.Settings)}
    assert declared == documented


def test_only_settings_reads_the_environment_and_sql_stays_in_data_access():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".venv", "tests", "bench"} or rel.name == "settings.py":
            continue
        text = path.read_text()
        assert "os.environ" not in text, f"{rel} reads os.environ"
        if rel.parts[0] in {"layouts", "callbacks", "web"}:
            assert not re.search(r"session\.execute|\.query\(|(?<![.\w])(select|text|insert|update|delete)\(", text), (
                f"{rel}: SQL"
            )
        if rel.parts[0] in {"data_access", "simulators"}:
            assert not re.search(r"^\s*(from|import) (dash|flask)\b", text, re.M), f"{rel} imports dash/flask"


def test_every_translation_key_used_in_code_exists():
    from web.i18n import TR

    used = set()
    for folder in ("layouts", "callbacks", "web"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r"\bt\(\s*\"([a-z0-9_]+)\"", path.read_text()))
    missing = sorted(k for k in used if k not in TR)
    assert not missing, f"untranslated keys: {missing}"
    assert all(zh for zh, _en in TR.values())


def test_every_requirement_installs_on_a_fresh_machine():
    """Pins name a registry version: a `pkg @ file:///tmp/...` line from a local build installs only where it was made."""
    for name in ("requirements.txt", "requirements-dev.txt", "constraints.txt"):
        for n, line in enumerate((ROOT / name).read_text().splitlines(), 1):
            spec = line.split("#", 1)[0].strip()
            if spec and not spec.startswith("-"):
                assert "==" in spec and "@" not in spec, f"{name}:{n}: {spec!r} is not a registry pin"
