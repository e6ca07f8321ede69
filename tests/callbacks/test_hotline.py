"""12345 page callbacks and renderers as plain functions: input parsing, action validation, renderers."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from dash import html

from callbacks.hotline import render as hr
from callbacks.hotline import supervision as sr
from data_access.hotline import grid as hq
from web.commands import hotline as actions


def test_grid_query_reads_filters_and_sort_and_drops_bad_values():
    q = hq.grid_query(
        ["cm", "phone", "H0201", "23", "640181001", "open", "overdue", "RX1"],
        {"startRow": 100, "endRow": 200, "sortModel": [{"colId": "due", "sort": "asc"}]},
    )
    assert (q.stream, q.channel, q.category, q.department_id, q.town, q.status, q.sla, q.text) == (
        "cm",
        "phone",
        "H0201",
        23,
        "640181001",
        "open",
        "overdue",
        "RX1",
    )
    assert (q.start, q.end, q.sort, q.descending) == (100, 200, "due", False)
    bad = hq.grid_query(
        ["x", {"a": 1}, None, "drop table", None, "nope", "late", "x" * 100],
        {"startRow": "a", "sortModel": [{"colId": "citizen_phone", "sort": "asc"}]},
    )
    assert bad.stream is None and bad.channel is None and bad.department_id is None
    assert bad.status is None and bad.sla is None and len(bad.text) == 40
    assert bad.sort == "created" and bad.descending and bad.start == 0


@pytest.mark.parametrize(
    ("args", "kw", "ok"),
    [
        (("dispatch", 23, [24, 23], "", None, None), {"stream": "hotline", "status": "accepted"}, True),
        (("dispatch", None, [], "", None, None), {"stream": "hotline", "status": "accepted"}, False),
        (("dispatch", "23", [], "", None, None), {"stream": "hotline", "status": "accepted"}, False),
        (("dispatch", 23, list(range(2, 9)), "", None, None), {"stream": "hotline", "status": "accepted"}, False),
        (("sign", None, None, "", None, None), {"stream": "hotline", "status": "accepted"}, False),
        (("return", None, None, "", None, None), {"stream": "hotline", "status": "pending_sign"}, False),
        (("return", None, None, "非本单位职责", None, None), {"stream": "hotline", "status": "pending_sign"}, True),
        (("callback", None, None, "", "meh", None), {"stream": "hotline", "status": "closed"}, False),
        (("callback", None, None, "", "dissatisfied", None), {"stream": "hotline", "status": "closed"}, True),
        (("extend_approve", None, None, "", None, 99), {"stream": "hotline", "status": "extension_pending"}, False),
        (("register", None, None, "", None, None), {"stream": "cm", "status": "reported"}, True),
        (("rework", None, None, "", None, None), {"stream": "cm", "status": "disposed"}, False),
        (("close", None, None, "x" * 501, None, None), {"stream": "hotline", "status": "replied"}, False),
    ],
)
def test_validate_action(args, kw, ok):
    role = "supervisor" if args[0] == "extend_approve" else "officer"
    fields, err = actions.validate_action(*args, role=role, **kw)
    assert (fields is not None) == ok, err
    if args[0] == "dispatch" and ok:
        assert fields["co_department_ids"] == (24,)  # the lead is not its own co-department


def test_extension_approval_is_for_supervisors_only():
    fields, err = actions.validate_action(
        "extend_approve", None, None, "", None, 3, stream="hotline", status="extension_pending", role="officer"
    )
    assert fields is None and err == "hotline_denied_action"
    fields, _ = actions.validate_action(
        "extend_approve", None, None, "", None, 3, stream="hotline", status="extension_pending", role="supervisor"
    )
    assert fields == {"note": "", "extend_days": 3.0}


def test_timeline_renders_text_as_text_and_marks_exceptions():
    df = pd.DataFrame(
        [
            ("2024-03-04 10:00", "create", "system", "", "<script>window.__x=1</script>", "accepted"),
            ("2024-03-04 11:00", "return", "officer", "市水务局", "非本单位职责", "accepted"),
        ],
        columns=["at", "action", "actor", "department", "note", "status_after"],
    )
    out = hr.timeline(df, "hotline", "zh")
    items = out.children
    assert items[1].className.endswith("alert") and "alert" not in items[0].className
    note = items[0].children[-1]
    assert (
        isinstance(note, html.Div) and note.children == "<script>window.__x=1</script>"
    )  # a string child, escaped by React


def test_assessment_renderer_marks_the_bottom_three_and_the_total():
    rows = []
    for i in range(5):
        rows.append(
            {"rank": i + 1, "code": f"B0{i}", "name": f"单位{i}", "assigned": 10, "received": 0, "score": 90 - i}
            | {c: 0.9 for c, _ in hr.ASSESS_COLS}
        )
    rows.append(
        {"rank": math.nan, "code": "TOTAL", "name": "", "assigned": 50, "received": 60, "score": math.nan}
        | {c: 0.9 for c, _ in hr.ASSESS_COLS}
    )
    table = sr.assessment(pd.DataFrame(rows), "zh")
    body = table.children[1].children
    classes = [r.className for r in body]
    assert classes == ["", "", "hl-as-bottom", "hl-as-bottom", "hl-as-bottom", "hl-as-total"]


def test_hours_text():
    assert hr.hours_text(3.5, "zh") == "剩余 3.5 工作小时"
    assert hr.hours_text(-2, "en") == "Overdue by 2.0 working hours"
    assert hr.hours_text(None, "zh") == ""


def test_assessment_renderer_fills_the_change_against_the_previous_period():
    cols = {c: 0.9 for c, _ in hr.ASSESS_COLS}
    rows = [
        {"rank": 1, "code": "B01", "name": "甲", "assigned": 10, "received": 0, "score": 91.0, "score_prev": 88.5}
        | cols,
        {"rank": 2, "code": "B02", "name": "乙", "assigned": 10, "received": 0, "score": 80.0, "score_prev": 84.0}
        | cols,
        {"rank": 3, "code": "B03", "name": "丙", "assigned": 10, "received": 0, "score": 70.0, "score_prev": math.nan}
        | cols,
    ]
    table = sr.assessment(pd.DataFrame(rows), "zh")
    head = [th.children for th in table.children[0].children.children]
    trend = [r.children[-1] for r in table.children[1].children]
    assert head[-1] == "较上期"
    assert [c.children for c in trend] == ["▲2.5", "▼4.0", ""]
    assert trend[0].className == "hl-up" and trend[1].className == "hl-down"
