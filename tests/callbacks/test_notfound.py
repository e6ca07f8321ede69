"""Unknown paths answer HTTP 404 with a real page in the chosen language; every page and route still answers; the
pages and the sign-in page carry a viewport meta tag (phones lay them out at their own width)."""

from __future__ import annotations

import pytest

from tests.templates import CITY_USERS


@pytest.fixture(scope="module")
def client(tmp_path_factory, sqlite_templates, apps):
    url = sqlite_templates.copy(tmp_path_factory.mktemp("nf") / "nf.db", CITY_USERS)
    return apps.dash(url).test_client()


@pytest.mark.parametrize("path", ["/nope", "/hotline/xyz/abc", "/wall", "/a/b/c/d", "/favicon-x.png"])
def test_unknown_paths_answer_404_with_a_page(client, path):
    r = client.get(path)
    body = r.get_data(as_text=True)
    assert r.status_code == 404, path
    assert "页面不存在" in body and 'href="/"' in body and "<script" not in body


def test_the_404_page_speaks_english_when_asked(client):
    client.set_cookie("cc_lang", "en")
    try:
        body = client.get("/nothing-here").get_data(as_text=True)
    finally:
        client.delete_cookie("cc_lang")
    assert "Page not found" in body and "页面不存在" not in body


@pytest.mark.parametrize("path", ["/", "/hotline", "/gis", "/video", "/tour", "/walls", "/wall/1080p", "/login"])
def test_pages_answer_200_with_a_viewport(client, path):
    r = client.get(path)
    assert r.status_code == 200, path
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in r.get_data(as_text=True)


def test_routes_other_than_pages_still_answer(client):
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/open311/v2/discovery.json").status_code == 200
    icon = client.get("/favicon.ico")  # asked for by browsers on the plain sign-in page
    assert icon.status_code == 301 and icon.headers["Location"].endswith("/_favicon.ico")
    assert client.get("/_favicon.ico").status_code == 200
