"""Security in a real browser: no CSP violation on /gis (deck.gl compiles WebAssembly: 'wasm-unsafe-eval', never
'unsafe-eval'), and signing in from a crafted link lands on this site, never another one."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""


def test_gis_loads_with_zero_csp_violations(live, watched):
    page = watched.page
    page.add_init_script(LISTEN)
    watched.login(live.url, "officer")
    page.goto(live.url + "/gis")
    page.wait_for_selector(".gis-map.leaflet-container, .gis-map .leaflet-pane", timeout=60_000)
    page.wait_for_selector("#deckgl-overlay", state="attached", timeout=60_000)
    page.wait_for_timeout(4000)  # the layers load and the map draws
    assert page.evaluate("window.__csp") == []
    csp = page.evaluate("fetch('/gis').then(r => r.headers.get('content-security-policy'))")
    assert "'wasm-unsafe-eval'" in csp and "'unsafe-eval'" not in csp.replace("'wasm-unsafe-eval'", "")
    home = page.evaluate("fetch('/').then(r => r.headers.get('content-security-policy'))")
    assert "wasm" not in home  # only the page that needs it


def test_sign_in_from_a_crafted_link_stays_on_this_site(live, watched):
    page = watched.page
    page.goto(live.url + "/login?next=/%09/evil.example")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", "Demo-2024!pass")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert page.url.startswith(live.url + "/") and "evil" not in page.url
