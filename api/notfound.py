"""Unknown paths answer HTTP 404 with a real page (Dash serves its index for any path, with a 200 and a "404" body):
a path is known when it is a Dash page of the registry (a path template matches its own segments) or any other
route of the server (assets, callbacks, the API)."""

from __future__ import annotations

import re

import dash
from flask import Flask, redirect, render_template_string, request

from web.i18n import current_lang, t

PAGE = """<!doctype html>
<html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><link rel="stylesheet" href="/assets/login.css"></head>
<body class="login-page"><main class="login notfound">
<h1>{{ title }}</h1>
<p class="notfound-code">404</p>
<p>{{ text }}</p>
<p><a class="notfound-home" href="/">{{ home }}</a></p>
</main></body></html>"""


def _pattern(page: dict) -> re.Pattern:
    template = page.get("path_template") or page["path"]
    parts = [re.escape(p) if not p.startswith("<") else "[^/]+" for p in template.strip("/").split("/")]
    return re.compile("^/" + "/".join(parts) + "/?$" if parts != [""] else "^/$")


def is_page(path: str) -> bool:
    """Whether `path` is one of the app's Dash pages (its path, or its path template with each part filled)."""
    return any(_pattern(p).match(path) for p in dash.page_registry.values())


def page(lang: str):
    html = render_template_string(
        PAGE, lang=lang, title=t("notfound_title", lang), text=t("notfound_text", lang), home=t("notfound_home", lang)
    )
    return html, 404, {"Cache-Control": "no-store"}


def install(server: Flask) -> None:
    @server.get("/favicon.ico")  # browsers ask for it on plain pages (sign-in, this one): Dash serves the icon
    def favicon():
        return redirect("/_favicon.ico", code=301)

    @server.before_request
    def unknown_page():
        rule = request.url_rule
        if rule is None:  # no route at all: Flask's own 404, as our page
            return page(current_lang())
        if rule.rule in ("/", "/<path:path>") and request.method == "GET" and not is_page(request.path):
            return page(current_lang())
        return None
