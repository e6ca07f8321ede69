"""智慧社区 smart community (/theme/community): shared panels (communities with 人地物情事组织, their requests, the
care rule's false-alarm rate) and, per user, the care watch list and door-access log with identities by role (only
the community's own staff see them), where a community worker raises and closes check-on visits."""

from __future__ import annotations

import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from callbacks.refresh import register_page_refresh, send_changed
from data_access.db import read_session
from data_access.roles import ALL_ROLES, SEAT_ROLES
from data_access.themes import community as cm
from data_access.worktime import to_local, utcnow
from web import live
from web import render as r
from web.auth import actor, allow, current_principal
from web.commands import themes as cmd
from web.commands.base import Refused, execute
from web.context import db_url
from web.i18n import current_lang, refusal, t
from web.panels import Panel, ReadContext

PAGE = "theme_community"


class ID:
    WATCH = "theme_community-watch"
    ACCESS = "theme_community-access"
    SHOWN = "theme_community-shown"
    INTERVAL = "theme_community-watch-interval"
    RESULT = "theme_community-result"

    @staticmethod
    def raise_(rid: int) -> dict:
        return {"type": "theme_community-raise", "id": rid}

    @staticmethod
    def close(check: str, outcome: str) -> dict:
        return {"type": "theme_community-close", "check": check, "outcome": outcome}


def read_community(s, ctx: ReadContext) -> dict:
    """The shared read: no identity in it (counts, rates, communities)."""
    public = cm.Viewer("visitor")
    return {
        "communities": cm.communities(s, ctx.now),
        "tickets": cm.tickets_by_channel(s, ctx.now),
        "stats": cm.care_stats(s, ctx.now),
        "watch": cm.watch(s, ctx.now, public)[["id", "community", "flagged", "check"]],
    }


def render_kpi(key: str):
    def render(data: dict, lang: str):
        c, w, st = data["communities"], data["watch"], data["stats"]
        if key == "communities":
            return r.kpi(len(c), "theme_unit_zones", lang)
        if key == "grids":
            return r.kpi(int(c["grids"].sum()) if not c.empty else 0, "theme_unit_zones", lang)
        if key == "elders":
            return r.kpi(len(w), "theme_unit_people", lang)
        if key == "open":
            flagged = int((w["flagged"] & w["check"].isna()).sum()) if not w.empty else 0
            checking = int(w["check"].notna().sum()) if not w.empty else 0
            return html.Div(
                html.Div(
                    [
                        html.Span(f"{flagged} / {checking}", className="kpi-value"),
                        html.Span(t("theme_unit_people", lang), className="kpi-unit"),
                    ],
                    className="kpi-main",
                ),
                className=f"kpi kpi-{'alarm' if flagged else 'normal'}",
            )
        rate = st["false_rate"]
        return html.Div(
            [
                r.kpi(rate, "unit_pct", lang, digits=1, missing="—"),
                html.Div(t("theme_comm_false_hint", lang, f=st["false_alarms"], n=st["closed"], h=st["helped"]),
                         className="theme-sub"),
            ]
        )  # fmt: skip

    render.__name__ = f"render_kpi_{key}"
    return render


def _table(head: list[str], rows: list[list], lang: str) -> object:
    if not rows:
        return r.empty(lang)
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in head])),
            html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows]),
        ],
        className="theme-table",
    )


def render_communities(data: dict, lang: str):
    cols = ["name", "grids", "people", "land", "things", "sentiment", "events", "organisations"]
    rows = [
        [f"{rec[c]:,}" if isinstance(rec[c], int) else rec[c] for c in cols]
        for rec in data["communities"].to_dict("records")
    ]
    return _table([t(f"theme_comm_col_{c}", lang) for c in cols], rows, lang)


def render_tickets(data: dict, lang: str):
    df = data["tickets"]
    if df.empty:
        return r.empty(lang)
    d = df.sort_values("name")
    bars = [
        {"type": "bar", "orientation": "h", "y": d["name"].tolist(), "x": d["hotline"].tolist(),
         "name": t("theme_comm_col_hotline", lang), "marker": {"color": r.SERIES[0]}},
        {"type": "bar", "orientation": "h", "y": d["name"].tolist(), "x": d["grid"].tolist(),
         "name": t("theme_comm_col_grid", lang), "marker": {"color": r.SERIES[1]}},
    ]  # fmt: skip
    layout = r._layout(barmode="stack", margin={"l": 8, "r": 16, "t": 24, "b": 24}, yaxis={"automargin": True})
    return r.graph({"data": bars, "layout": layout})


PANELS = [
    Panel("communities-kpi", "theme_comm_kpi_communities", read_community, render_kpi("communities"), width=2),
    Panel("grids-kpi", "theme_comm_kpi_grids", read_community, render_kpi("grids"), width=2),
    Panel("elders-kpi", "theme_comm_kpi_elders", read_community, render_kpi("elders"), width=2),
    Panel("open-kpi", "theme_comm_kpi_open", read_community, render_kpi("open"), width=3),
    Panel("false-kpi", "theme_comm_kpi_false", read_community, render_kpi("false"), width=3),
    Panel("communities", "theme_comm_table", read_community, render_communities, kind="table", width=7, height=2),
    Panel("tickets", "theme_comm_tickets", read_community, render_tickets, kind="bar", width=5, height=2),
]
IDS = register_page_refresh(PAGE, PANELS)


def _hours(v, lang: str) -> str:
    return t("theme_comm_never", lang) if v is None or pd.isna(v) else t("theme_comm_hours", lang, n=f"{v:.0f}")


def render_watch(df: pd.DataFrame, lang: str, can_act: frozenset[str]) -> object:
    """The watch list: flagged and open checks first; buttons only for the staff of the row's community."""
    if df.empty:
        return r.empty(lang)
    items = []
    for rec in df.head(14).to_dict("records"):
        state = "open" if rec["check"] else "flagged" if rec["flagged"] else "ok"
        actions: list = []
        if rec["community"] in can_act:
            if rec["check"]:
                actions = [
                    html.Button(t(f"theme_comm_close_{o}", lang), id=ID.close(rec["check"], o), n_clicks=0,
                                className=f"theme-order care-{o}")
                    for o in cmd.CARE_OUTCOMES
                ]  # fmt: skip
            elif rec["flagged"]:
                actions = [html.Button(t("theme_comm_raise", lang), id=ID.raise_(int(rec["id"])), n_clicks=0,
                                       className="theme-order")]  # fmt: skip
        items.append(
            html.Li(
                [
                    html.Span(t(f"theme_comm_state_{state}", lang), className=f"theme-kind care-st-{state}"),
                    html.Span(str(rec["who"]), className="care-who"),
                    html.Span(str(rec["community_name"]), className="care-comm"),
                    html.Span(str(rec["address"] or ""), className="care-addr"),
                    html.Span(f"{t('theme_comm_col_water', lang)} {_hours(rec['hours_water'], lang)}", className="care-h"),
                    html.Span(f"{t('theme_comm_col_door', lang)} {_hours(rec['hours_door'], lang)}", className="care-h"),
                    html.Span(actions, className="care-actions"),
                ],
                className=f"theme-alert care-row care-{state}",
                **{"data-resident": str(rec["id"])},
            )
        )  # fmt: skip
    return html.Div(
        [html.Ul(items, className="theme-alerts"), html.Div(t("theme_comm_masked_note", lang), className="theme-note")]
    )


def render_access(df: pd.DataFrame, lang: str) -> object:
    if df.empty:
        return r.empty(lang)
    rows = [
        [to_local(rec["at"]).strftime("%m-%d %H:%M"), rec["community_name"], rec["who"], t("theme_comm_door", lang)]
        for rec in df.to_dict("records")
    ]
    return _table(["", t("theme_comm_col_name", lang), t("theme_comm_col_who", lang), ""], rows, lang)


@callback(
    Output(ID.WATCH, "children"),
    Output(ID.ACCESS, "children"),
    Output(ID.SHOWN, "data"),
    Input(ID.INTERVAL, "n_intervals"),
    Input(ID.RESULT, "children"),
    State(ID.SHOWN, "data"),
)
@allow(*ALL_ROLES)
def refresh_care_watch(_n, _result, shown):
    """The watch list and door log for this user (identities only for the community's own staff); re-sent only
    when what the user would see changed (buttons stay put under the pointer)."""
    who = current_principal()
    lang, now = current_lang(), utcnow()
    with read_session(db_url()) as s:
        viewer = cm.viewer(s, who.username if who.user_id is not None else None, who.role)
        watch = cm.watch(s, now, viewer)
        access = cm.access_events(s, now, viewer)
    can_act = viewer.communities if who.role in cmd.ACT_ROLES else frozenset()
    minute = now.replace(second=0, microsecond=0).isoformat()  # the hours shown move once a minute at most
    digest = live.digest(watch.to_json(), access.to_json(), sorted(can_act), lang, minute)
    body, digest = send_changed(
        shown, digest, lambda: (render_watch(watch, lang, can_act), render_access(access, lang))
    )
    if body is no_update:
        return no_update, no_update, no_update
    return body[0], body[1], digest


@callback(
    Output(ID.RESULT, "children"),
    Input(ID.raise_(ALL), "n_clicks"),
    Input(ID.close(ALL, ALL), "n_clicks"),
    prevent_initial_call=True,
)
@allow(*SEAT_ROLES, acts=True)
def act_on_care_check(_raise, _close):
    """Raise or close a check-on visit (a command: staff of the resident's community only, audited)."""
    trig = ctx.triggered_id
    if not trig or not (ctx.triggered and ctx.triggered[0]["value"]):
        return no_update
    lang = current_lang()
    try:
        if trig.get("type") == "theme_community-raise":
            rid = trig.get("id")
            execute(db_url(), actor(), "care_raise", f"resident:{str(rid)[:12]}",
                    lambda s: cmd.raise_care_check(s, actor(), rid))  # fmt: skip
            return t("theme_comm_raised", lang)
        check, outcome = trig.get("check"), trig.get("outcome")
        execute(db_url(), actor(), "care_close", str(check)[:64],
                lambda s: cmd.close_care_check(s, actor(), check, outcome))  # fmt: skip
        return t("theme_comm_closed", lang, o=t(f"theme_comm_close_{outcome}", lang))
    except Refused as ref:
        return refusal(ref.code, ref.detail, lang)
