"""Smart community: the care rule flags a resident silent for 24 h; only the staff of the resident's community raise
and close the check-on visit (audited), and the false-alarm rate follows the outcomes; a visitor never receives a
resident's identity, other seats see it masked, the community's staff in full."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from callbacks.themes import theme_community as page
from data_access.accounts import Principal
from data_access.db import read_session
from data_access.models import AuditLog, CareCheck
from data_access.themes import community as cm
from data_access.worktime import utcnow
from tests.community_data import silence_one
from web.commands import themes as cmd
from web.commands.base import Actor, Code, Refused, execute
from web.panels import ReadContext

GRID1 = Actor(Principal(50, "grid1", "officer"), "127.0.0.1", "rid-g")
OFFICER = Actor(Principal(1, "officer", "officer"), "127.0.0.1", "rid-o")
VISITOR = Actor(Principal(None, "visitor", "visitor"), "127.0.0.1", "rid-v")


def _text(children) -> str:
    return json.dumps(children, default=lambda o: o.to_plotly_json(), ensure_ascii=False)


@pytest.fixture
def silent(city_url):
    now = utcnow()
    r = silence_one(city_url, now)
    return city_url, now, r


def test_the_rule_flags_only_the_silent_resident(silent):
    url, now, r = silent
    with read_session(url) as s:
        df = cm.watch(s, now, cm.viewer(s, "grid1", "officer"))
    flagged = df[df["flagged"]]
    assert list(flagged["id"]) == [r.id] and flagged.iloc[0]["who"] == r.name and flagged.iloc[0]["hours_door"] >= 24


def test_identity_is_full_for_the_staff_masked_for_seats_absent_for_visitors(silent):
    url, now, r = silent
    with read_session(url) as s:
        staff = cm.watch(s, now, cm.viewer(s, "grid1", "officer"))
        seat = cm.watch(s, now, cm.viewer(s, "officer", "officer"))
        public = cm.watch(s, now, cm.viewer(s, None, "visitor"))
        access = cm.access_events(s, now, cm.viewer(s, None, "visitor"))
        shared = page.read_community(s, ReadContext(now=now, role="visitor"))
    row = lambda df: df[df["id"] == r.id].iloc[0]  # noqa: E731
    assert row(staff)["phone"] == r.phone and row(staff)["address"] == r.address
    assert row(seat)["who"] != r.name and row(seat)["who"].startswith(r.name[0]) and "****" in row(seat)["phone"]
    assert row(public)["who"].startswith("独居老人") and row(public)["phone"] is None
    for blob in (public.to_string(), access.to_string(), _text(page.render_watch(public, "zh", frozenset())),
                 str(shared), _text(page.render_communities(shared, "zh"))):  # fmt: skip
        assert r.name not in blob and r.phone not in blob and r.address not in blob


def test_a_community_worker_raises_and_closes_a_visit_and_the_false_alarm_rate_follows(silent):
    url, _now, r = silent
    check = execute(url, GRID1, "care_raise", f"resident:{r.id}", lambda s: cmd.raise_care_check(s, GRID1, r.id))
    with pytest.raises(Refused) as again:
        execute(url, GRID1, "care_raise", f"resident:{r.id}", lambda s: cmd.raise_care_check(s, GRID1, r.id))
    assert again.value.code is Code.CONFLICT
    for who in (OFFICER, VISITOR):  # not this community's staff
        with pytest.raises(Refused) as exc:
            execute(url, who, "care_close", check, lambda s, who=who: cmd.close_care_check(s, who, check, "safe"))
        assert exc.value.code is Code.DENIED
    with pytest.raises(Refused):
        execute(url, GRID1, "care_close", check, lambda s: cmd.close_care_check(s, GRID1, check, "<b>ok</b>"))
    with read_session(url) as s:
        assert cm.care_stats(s, utcnow())["false_rate"] is None
    execute(url, GRID1, "care_close", check, lambda s: cmd.close_care_check(s, GRID1, check, "away"))
    with read_session(url) as s:
        c = s.scalars(select(CareCheck).where(CareCheck.event_id == check)).one()
        assert (c.status, c.outcome, c.raised_by, c.closed_by, c.reason) == ("closed", "away", "grid1", "grid1", "rule")
        stats = cm.care_stats(s, utcnow())
        rows = s.execute(
            select(AuditLog.username, AuditLog.action, AuditLog.result, AuditLog.object, AuditLog.detail)
        ).all()
    audit = [tuple(a[:3]) for a in rows]
    assert stats["false_rate"] == 100.0 and stats["closed"] == 1 and stats["false_alarms"] == 1
    assert ("grid1", "care_raise", "ok") in audit and ("grid1", "care_close", "ok") in audit
    assert ("officer", "care_close", "denied") in audit and ("visitor", "care_close", "denied") in audit
    assert all(r.name not in f"{a[3]} {a[4]}" and r.phone not in f"{a[3]} {a[4]}" for a in rows)  # no identity


def test_bad_input_is_refused_and_changes_nothing(silent):
    url, _now, _r = silent
    for bad in (None, "1", -1, 10**12, True, 99999):
        with pytest.raises(Refused):
            execute(url, GRID1, "care_raise", "?", lambda s, bad=bad: cmd.raise_care_check(s, GRID1, bad))
    for check, outcome in (("nope", "safe"), ("", "safe"), ("x" * 99, "safe"), (None, "away")):
        with pytest.raises(Refused):
            execute(url, GRID1, "care_close", "?", lambda s, c=check, o=outcome: cmd.close_care_check(s, GRID1, c, o))
    with read_session(url) as s:
        assert s.scalars(select(CareCheck)).first() is None
