"""Helpers of the data-foundation pages (no page here)."""

from dash import html

from web.i18n import t


def box(title_key: str, body_id: str, lang: str, extra: str = "") -> html.Section:
    """A titled panel whose body a callback fills."""
    return html.Section(
        [
            html.Header(html.H2(t(title_key, lang), className="panel-title"), className="panel-head"),
            html.Div(html.Div(t("loading", lang), className="panel-loading"), id=body_id, className="panel-body"),
        ],
        className=f"panel data-box {extra}",
    )
