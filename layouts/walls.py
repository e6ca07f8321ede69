"""Walls (/walls): the wall profiles to open on each LED processor input, and the playlist editor for admins."""

import dash
from dash import dcc, html

from callbacks.wall.scenes import PROFILES
from callbacks.wall.walls import ID
from web.i18n import current_lang, t

dash.register_page(__name__, path="/walls", title="大屏管理", title_key="page_walls", nav=True, order=80)


def layout(**_query):
    lang = current_lang()
    links = [
        html.Li(dcc.Link(f"/wall/{p.name} · {p.width}×{p.height}", href=f"/wall/{p.name}")) for p in PROFILES.values()
    ]
    return html.Div(
        [
            html.Section(
                [html.H2(t("walls_profiles", lang)), html.Ul(links, className="walls-links")],
                className="panel walls-box",
            ),
            html.Section(
                [
                    html.H2(t("walls_playlist", lang)),
                    html.P(t("walls_playlist_help", lang), className="walls-help"),
                    dcc.Textarea(id=ID.EDITOR, className="walls-editor", spellCheck=False),
                    html.Div(
                        [
                            html.Button(t("walls_save", lang), id=ID.SAVE, className="shell-btn", n_clicks=0),
                            html.Span(id=ID.RESULT, className="walls-result", role="status"),
                        ],
                        className="walls-actions",
                    ),
                ],
                className="panel walls-box",
            ),
        ],
        className="walls",
    )
