"""12345 page: the ids its callback modules share (roles and limits live with the commands)."""

from __future__ import annotations

from dash import State


class ID:
    GRID = "hotline-grid"
    COUNT = "hotline-count"
    RESET = "hotline-grid-reset"
    GRID_TICK = "hotline-grid-tick"
    GRID_LIVE = "hotline-grid-live"
    STREAM = "hotline-f-stream"
    CHANNEL = "hotline-f-channel"
    CATEGORY = "hotline-f-category"
    DEPARTMENT = "hotline-f-department"
    TOWN = "hotline-f-town"
    STATUS = "hotline-f-status"
    SLA = "hotline-f-sla"
    TEXT = "hotline-f-text"
    WHEN = "hotline-f-when"
    CSV = "hotline-export-csv"
    XLSX = "hotline-export-xlsx"
    REPORT = "hotline-export-report"
    OPTIONS = "hotline-options"
    TICKET = "hotline-ticket"
    VERSION = "hotline-version"
    REFRESH = "hotline-refresh"
    DRAWER = "hotline-drawer"
    DRAWER_TITLE = "hotline-drawer-title"
    DRAWER_CLOSE = "hotline-drawer-close"
    DETAIL = "hotline-detail"
    STAGES = "hotline-stages"
    TIMELINE = "hotline-timeline"
    SIMILAR = "hotline-similar"
    SUGGEST = "hotline-suggest"
    ACCEPT = "hotline-accept"
    CITIZEN = "hotline-citizen"
    REVEAL = "hotline-reveal"
    REVEAL_REASON = "hotline-reveal-reason"
    REVEAL_TIMER = "hotline-reveal-timer"
    ACTION = "hotline-action"
    ACT_DEPT = "hotline-act-dept"
    ACT_CO = "hotline-act-co"
    ACT_NOTE = "hotline-act-note"
    ACT_SAT = "hotline-act-sat"
    ACT_DAYS = "hotline-act-days"
    SUBMIT = "hotline-submit"
    MESSAGE = "hotline-message"
    SUGGESTED = "hotline-suggested"
    MERGE_INTO = "hotline-merge-into"  # {"ticket_no": the duplicate, "master": ...} chosen with 并入
    MAP = "hotline-map"
    GEO = "hotline-map-geo"
    CAMERAS = "hotline-cameras"
    REMIND = "hotline-remind"
    REMIND_MSG = "hotline-remind-msg"


FILTER_STATES = [
    State(ID.STREAM, "value"),
    State(ID.CHANNEL, "value"),
    State(ID.CATEGORY, "value"),
    State(ID.DEPARTMENT, "value"),
    State(ID.TOWN, "value"),
    State(ID.STATUS, "value"),
    State(ID.SLA, "value"),
    State(ID.TEXT, "value"),
    State(ID.WHEN, "value"),
]
FILTER_KEYS = ("stream", "channel", "category", "department", "town", "status", "sla", "text", "when")  # URL names
