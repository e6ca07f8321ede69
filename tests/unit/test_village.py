"""Digital village: a village drawing faster than its allocation allows is projected over it (red) mid-season,
三务公开 counts what was published by its due date, and the seasons switch on their dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.models import VillageProfile
from data_access.themes import village
from data_access.writes import apply
from simulators.common import LOCAL


def test_seasons_switch_on_their_dates():
    assert village.season(date(2026, 5, 1))[0::4] == ("summer", True)
    assert village.season(date(2026, 10, 5))[0::4] == ("summer", False)
    assert village.season(date(2026, 11, 1))[0::4] == ("winter", True)
    name, start, *_rest, running = village.season(date(2027, 2, 1))
    assert (name, start, running) == ("winter", date(2026, 10, 15), False)


def test_a_fast_drawing_village_is_projected_over_its_allocation(city_url):
    now = datetime(2026, 6, 30, 4) - LOCAL + timedelta(hours=8)  # mid-summer season, local 06-30 noon
    with read_session(city_url) as s:
        fast, slow = [(p.code, p.quota_m3) for p in s.scalars(select(VillageProfile).order_by(VillageProfile.code))][:2]
    days_in = (date(2026, 6, 30) - date(2026, 4, 20)).days + 1
    season_days = (date(2026, 9, 30) - date(2026, 4, 20)).days + 1
    uses = []
    for k in range(days_in):
        d = date(2026, 4, 20) + timedelta(days=k)
        at = datetime(d.year, d.month, d.day, 15)
        uses.append(ev.IrrigationUseIn(fast[0], d, fast[1] * 0.8 / season_days * 1.3, at))  # 30 % over pace
        uses.append(ev.IrrigationUseIn(slow[0], d, slow[1] * 0.8 / season_days * 0.7, at))
    with write_session(city_url) as s:
        apply(s, uses)
        apply(s, uses)  # a replay adds nothing
    with read_session(city_url) as s:
        irr = village.irrigation(s, now).set_index("code")
    assert irr.loc[fast[0], "state"] == "red" and 125 <= irr.loc[fast[0], "projected_share"] <= 135
    assert irr.loc[slow[0], "state"] == "ok" and irr.loc[fast[0], "share"] < irr.loc[fast[0], "projected_share"]


def test_disclosure_counts_only_what_was_published_by_now(city_url):
    with read_session(city_url) as s:
        before = village.disclosures(s, datetime(2026, 10, 20), "2026Q3")
        long_before = village.disclosures(s, datetime(2026, 9, 1), "2026Q3")
    assert len(before) == 86 and set(before["state"]) <= {"on_time", "late", "missing"}
    assert (long_before["state"] == "missing").all()  # nothing published before the quarter ended
    assert village.latest_period(datetime(2026, 12, 2)) == "2026Q3"
    assert village.latest_period(datetime(2027, 1, 11)) == "2026Q4"
