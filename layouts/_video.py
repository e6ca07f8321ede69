"""The video page's skeleton: channel side bar, tile wall toolbar, review/statistics/quality tabs (no I/O)."""

from __future__ import annotations

from dash import dcc, html

from callbacks.refresh import live_plumbing
from callbacks.video.layouts import ID as LID
from callbacks.video.video import ID, IDS, PANELS
from data_access.video.channels import CAMERA_ID
from layouts._panels import panel_box
from web.i18n import t
from web.streams import kind as stream_kind

LAYOUTS = (1, 4, 9, 16, 25, 36)


def _side(lang: str) -> html.Aside:
    return html.Aside(
        [
            dcc.Input(id=ID.SEARCH, type="search", debounce=0.4, maxLength=40, placeholder=t("video_search", lang),
                      className="video-search", autoComplete="off"),
            html.Div(id=ID.SEARCH_MSG, className="video-search-msg"),
            html.Div(id=ID.TREE, className="video-tree"),
            html.Div(id=ID.COUNT, className="video-count"),
            html.Ul(id=ID.CHANNELS, className="video-channels"),
        ],
        className="video-side panel",
    )  # fmt: skip


def _toolbar(lang: str) -> html.Div:
    return html.Div(
        [
            html.Span(t("video_layout", lang), className="video-tool-label"),
            *[html.Button(str(n), className="video-layout-btn", **{"data-layout": str(n)}) for n in LAYOUTS],
            html.Button(t("video_patrol", lang), id="video-patrol", className="video-btn",
                        **{"data-on": t("video_patrol_stop", lang), "data-off": t("video_patrol", lang)}),
            html.Label([t("video_dwell", lang), dcc.Input(id="video-dwell", type="number", min=5, max=600, step=1,
                                                            value=30, className="video-dwell")], className="video-tool-label"),
            html.Button(t("video_clear", lang), id="video-clear", className="video-btn"),
            html.Span(className="video-spacer"),
            html.Span(
                [
                    dcc.Input(id=LID.NAME, type="text", maxLength=20, placeholder=t("video_save_name", lang),
                              className="video-save-name", autoComplete="off", disabled=True),
                    html.Span(dcc.Checklist(id=LID.SHARED, options=[{"label": t("video_save_shared", lang),
                                                                     "value": "shared"}], value=[], inline=True),
                              id=LID.SHARED_BOX, className="video-save-share", hidden=True,
                              title=t("video_save_shared_tip", lang)),
                    html.Button(t("video_save", lang), id=LID.SAVE, className="video-btn", disabled=True),
                    html.Select(id=LID.SAVED, className="video-saved", title=t("video_saved", lang)),
                    html.Button(t("video_delete", lang), id=LID.DELETE, className="video-btn", disabled=True),
                    html.Span(id=LID.MSG, className="video-layout-msg", role="status"),
                    dcc.Store(id=LID.SAVE_REQ),
                    dcc.Store(id=LID.DELETE_REQ),
                    dcc.Store(id=LID.CHANGED),
                ],
                id=LID.TOOLS,
                className="video-save-tools",
            ),
        ],
        className="video-toolbar",
    )  # fmt: skip


def _tabs(lang: str) -> html.Aside:
    stats, quality = (panel_box(IDS, p, lang) for p in PANELS)
    queue = html.Section(
        [
            html.Div(id=ID.REVIEW_MSG, className="video-review-msg", role="status"),
            html.Div(id=ID.QUEUE, className="video-queue"),
        ],
        className="video-tab-body",
    )
    return html.Aside(
        [
            html.Div(
                [
                    html.Button(t(k, lang), className="video-tab" + (" active" if i == 0 else ""), **{"data-tab": k})
                    for i, k in enumerate(("video_tab_queue", "video_tab_stats", "video_tab_quality"))
                ],
                className="video-tabs",
            ),
            html.Div(queue, className="video-pane active", **{"data-pane": "video_tab_queue"}),
            html.Div(stats, className="video-pane", **{"data-pane": "video_tab_stats"}),
            html.Div(quality, className="video-pane", **{"data-pane": "video_tab_quality"}),
        ],
        className="video-right panel",
    )


def video_page(lang: str, *, camera: str | None = None, media: bool = True) -> html.Div:
    """The whole page; `camera` (a 20-digit id from ?camera=) opens that channel alone."""
    camera = camera if isinstance(camera, str) and CAMERA_ID.match(camera) else ""
    return html.Div(
        [
            *IDS.plumbing(),
            dcc.Store(id=ID.FILTER, data={"dim": "all", "key": ""}),
            dcc.Store(id=ID.GROUP),
            dcc.Store(id=ID.ALERTS),
            dcc.Store(id=ID.REVIEWED),
            *live_plumbing(ID.TREE_HASH),
            *live_plumbing(ID.QUEUE_HASH),
            dcc.Store(id=ID.SINK_GROUP),
            dcc.Store(id=ID.SINK_ALERTS),
            _side(lang),
            html.Section(
                [
                    _toolbar(lang),
                    html.Div(id="video-wall", className="video-wall", **{"data-media": "on" if media else "off"}),
                ],
                className="video-center",
            ),
            _tabs(lang),
        ],
        id="video-page",
        className="video-page",
        **{"data-camera": camera, "data-lang": lang, "data-stream": "hls" if stream_kind() == "hls" else "mjpeg"},
    )
