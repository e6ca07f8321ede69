"""Saved video-wall layouts as plain functions: options render names as text, the controls' role rules and the
callbacks' role declarations (the HTTP journeys are in tests/browser/test_video_layouts.py)."""

from __future__ import annotations

import json

import pandas as pd

from callbacks.video import layouts as cb
from data_access.video.layouts import LAYOUT_COLUMNS

CAM = "64018100001316000002"
CAMS = [[CAM, "东塔镇政务大厅"], ["", ""]]


def test_options_render_names_as_text_with_the_layout_as_data():
    df = pd.DataFrame(
        [(7, "<img src=x onerror=alert(1)>", 4, CAMS, False, True, None), (9, "全城", 9, [], True, False, None)],
        columns=LAYOUT_COLUMNS,
    )
    placeholder, mine, shared = (o.to_plotly_json()["props"] for o in cb.layout_options(df, "zh"))
    assert placeholder["value"] == "" and mine["value"] == "7" and mine["children"] == "<img src=x onerror=alert(1)>"
    assert json.loads(mine["data-layout"]) == {"n": 4, "cams": CAMS} and mine["data-mine"] == "1"
    assert shared["children"] == "全城（共享）" and shared["data-shared"] == "1"
    assert "dangerously" not in json.dumps([o.to_plotly_json() for o in cb.layout_options(df, "en")], default=str)


def test_no_layouts_leave_the_placeholder_only():
    (only,) = cb.layout_options(pd.DataFrame(columns=LAYOUT_COLUMNS), "en")
    assert only.to_plotly_json()["props"]["children"] == "Saved layouts"


def test_anonymous_controls_are_disabled_with_a_tooltip():
    name, save, delete, tip, share_hidden = cb.video_layout_controls("video-save-tools")
    assert name and save and delete and share_hidden and tip


def test_only_seats_change_layouts_and_everyone_reads_them():
    assert cb.change_video_layouts.acts and cb.change_video_layouts.allowed_roles == {
        "officer", "supervisor", "admin", "auditor"
    }  # fmt: skip
    assert "wall" in cb.refresh_video_layouts.allowed_roles and "visitor" in cb.refresh_video_layouts.allowed_roles
    assert not cb.refresh_video_layouts.acts and cb.SHARE_ROLES == {"supervisor", "admin"}
