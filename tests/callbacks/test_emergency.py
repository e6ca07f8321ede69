"""Renderers and helpers of the emergency pages as plain functions: what an officer sees in the list, the clocks
the browser counts down, the actions a stage offers, and text from data staying text."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pandas as pd
import plotly

from callbacks.emergency import emergency as page
from callbacks.emergency import emergency_incident as view
from callbacks.emergency import render as er
from data_access.emergency.clocks import Clock

T0 = datetime(2024, 7, 1, 2, 0)


def text(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def rows(**over):
    base = {
        "id": 7, "event_id": "inc:1", "title": "<b>宁东</b>泄漏", "category": "accident", "kind": "危化品泄漏", "level": 2,
        "stage": "response", "status": "active", "exercise": False, "started_at": T0, "town": "宁东镇",
        "clock_state": "amber", "next_due": T0 + timedelta(hours=1), "lat": 38.1, "lon": 106.6, "version": 3,
    }  # fmt: skip
    return pd.DataFrame([{**base, **over}])


def test_the_list_links_each_incident_to_its_command_view_and_keeps_titles_as_text():
    out = text(er.incident_rows(rows(), "zh"))
    assert "/emergency/incident?id=7" in out
    assert '"children": "<b>宁东</b>泄漏"' in out  # a string child: React renders it as text, never as HTML
    assert "Ⅱ级" in out and "em-clock" in out and "2024-07-01T03:00:00Z" in out


def test_a_drill_row_carries_the_drill_tag_and_closed_ones_are_filtered_out_unless_asked():
    out = text(er.incident_rows(rows(exercise=True), "zh"))
    assert "演练" in out and "em-row-drill" in out
    df = pd.concat([rows(), rows(id=8, status="closed", level=4)])
    assert page.filter_list(df, None, None, False)["id"].tolist() == [7]
    assert page.filter_list(df, None, None, True)["id"].tolist() == [7, 8]
    assert page.filter_list(df, "12", "accident", True)["id"].tolist() == [7]
    assert page.filter_list(df, 4, None, True)["id"].tolist() == [8]


def test_a_running_clock_tells_the_browser_when_it_is_due_and_when_to_turn_amber():
    c = er.clock_row(Clock("county", T0, T0 + timedelta(hours=1), None, "running"), "zh")
    out = text(c)
    assert '"data-due": "2024-07-01T03:00:00Z"' in out and '"data-amber": "1200"' in out
    done = text(er.clock_row(Clock("county", T0, T0 + timedelta(hours=1), T0 + timedelta(minutes=30), "done"), "en"))
    assert "Filed on time" in done and "data-due" not in done
    closed = text(er.clock_row(Clock("city", T0, T0 + timedelta(hours=2), None, "overdue"), "zh", closed=True))
    assert "已逾期" in closed and "data-due" not in closed  # a closed incident's clock no longer ticks


def test_each_stage_offers_its_next_steps_and_the_next_report_up_the_chain():
    first = [o["value"] for o in view.next_actions("reported", "active", "zh", set())]
    assert first == ["verify", "report:county", "note"]
    later = [o["value"] for o in view.next_actions("response", "active", "en", {"county"})]
    assert later[:3] == ["expand", "handled", "report:city"] and "followup" in later and "relevel" in later
    assert view.next_actions("closed", "closed", "zh", {"county"}) == []


def test_the_incident_id_from_the_address_is_parsed_strictly():
    assert [view.parse_id(v) for v in ("12", 3, "1 OR 1=1", "", None, True, "9" * 13)] == [12, 3] + [None] * 5
