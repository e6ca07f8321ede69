"""12345 page: ids, roles and limits shared by its callback modules."""

from __future__ import annotations

from dash import State

from data_access.roles import ACT_ROLES, SUPERVISE_ROLES

REVEAL_ROLES = ACT_ROLES
# tighter than ACT_ROLES where a supervisor's decision is needed
ACTION_ROLES: dict[str, frozenset[str]] = {
    "extend_approve": SUPERVISE_ROLES,
    "extend_reject": SUPERVISE_ROLES,
    "cancel": SUPERVISE_ROLES,
}
DEPT_SCOPED = frozenset({"sign", "return", "extend_request", "reply", "feedback"})  # only the holding department
NOTE_MAX = 500
REVEAL_SECONDS = 60


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
]
