"""The shell around every page: header (name, nav from the page registry, clock, heartbeat, user, language)."""

from __future__ import annotations

import dash
from dash import dcc, html

from callbacks.shell import ID
from web.auth import csrf_token, current_principal
from web.i18n import current_lang, t


def _nav(lang: str) -> html.Nav:
    pages = sorted((p for p in dash.page_registry.values() if p.get("nav")), key=lambda p: p.get("order", 99))
    return html.Nav(
        [dcc.Link(t(p["title_key"], lang), href=p["relative_path"], className="nav-link") for p in pages],
        className="shell-nav",
    )


def _user(lang: str) -> html.Div:
    who = current_principal()
    if who.user_id is None:
        return html.Div(html.A(t("login", lang), href="/login", className="shell-btn"), className="shell-user")
    return html.Div(
        [
            html.Span(f"{who.username} · {t('role_' + who.role, lang)}", className="shell-who"),
            html.Form(
                [
                    dcc.Input(type="hidden", name="csrf", value=csrf_token()),
                    html.Button(t("logout", lang), className="shell-btn", type="submit"),
                ],
                action="/logout",
                method="POST",
                className="shell-logout",
            ),
        ],
        className="shell-user",
    )


def layout() -> html.Div:
    lang = current_lang()
    return html.Div(
        [
            dcc.Location(id=ID.LOCATION),
            html.Header(
                [
                    html.Div(
                        [html.Span(className="shell-emblem"), html.H1(t("center_name", lang), className="shell-title")],
                        className="shell-brand",
                    ),
                    _nav(lang),
                    html.Div(
                        [
                            html.Span(
                                className="shell-heartbeat",
                                id=ID.HEARTBEAT,
                                title=t("heartbeat", lang),
                                **{"data-meta": ""},
                            ),
                            html.Time(id=ID.CLOCK, className="shell-clock"),
                            html.A(
                                t("lang_switch", lang),
                                href="/lang/" + ("en" if lang == "zh" else "zh"),
                                className="shell-btn",
                                id=ID.LANG,
                            ),
                            _user(lang),
                        ],
                        className="shell-status",
                    ),
                ],
                className="shell-header burn-shift",
            ),
            html.Main(dash.page_container, className="shell-main"),
            dcc.Interval(id=ID.HEARTBEAT_INTERVAL, interval=5000),
        ],
        className=f"shell lang-{lang}",
        lang="zh-CN" if lang == "zh" else "en",
    )
