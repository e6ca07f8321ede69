"""A city that behaves like one, on the raw rows of a simulated H1 2024 for seeds 1, 2 and 3 (tests/h1.py): staff
work in their hours and not on the Spring Festival, seasons hold, repeat callers exist, towns file by population,
the slow departments are the late ones, texts read like people wrote them, ID numbers are valid, Weibo arrives at
random. Each check is what a duty officer or an auditor with SQL would notice."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from data_access.db import read_session
from data_access.hotline import stats as hs
from simulators import catalog as cat
from tests.h1 import SEEDS

pytestmark = pytest.mark.slow  # shares the H1 backfills of tests/unit/test_calibration.py (session fixture)
# what a person does, and whose hours it is in; intake (create, an agent's answer) is 7x24
NEVER_AT_NIGHT = ("close", "callback", "supervise", "extend_approve", "extend_request", "redo", "rework")
EVE, FESTIVAL = date(2024, 2, 9), (date(2024, 2, 10), date(2024, 2, 11))  # 除夕, 初一 and 初二 of 2024


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def city(request, h1):
    return request.param, h1.url(request.param), h1.raw(request.param)


def night(local) -> object:
    h = local.dt.hour
    return (h >= 22) | (h < 7)


def test_staff_work_in_their_hours_and_only_intake_and_urgent_orders_go_on_at_night(city):
    seed, _url, raw = city
    e = raw.events
    staff = e[~e["action"].isin(("create", "answer", "merge", "merged_in"))]
    urgent = staff["limit_unit"] == "hours"  # a clock-hour limit: the night duty and the 24-hour crews
    hour = staff["local"].dt.hour
    print(f"\nseed {seed}: staff actions by local hour", staff.groupby(hour).size().to_dict())
    at_night = night(staff["local"])
    never = at_night & staff["action"].isin(NEVER_AT_NIGHT)
    assert not never.any(), staff[never][["action", "local", "category_code"]].head()
    assert not (at_night & ~urgent).any(), staff[at_night & ~urgent][["action", "local", "category_code"]].head()
    assert at_night.mean() < 0.02  # about 1 % (urgent orders signed by the duty desk)
    daytime = hour.between(8, 11) | hour.between(14, 17)
    assert daytime.mean() > 0.75
    callbacks = staff[staff["action"] == "callback"]["local"]
    assert callbacks.dt.hour.between(9, 19).all()  # citizens are called back in the daytime and early evening
    rest = callbacks.dt.date.map(lambda d: not chinese_calendar.is_workday(d))
    sundays = callbacks[(callbacks.dt.dayofweek == 6) & rest]  # not the make-up working Sundays
    assert len(sundays) > 0 and sundays.dt.hour.between(10, 18).all()
    # the intake is 7x24: calls and the agents' answers arrive at night too, on the arrival curve
    created = e[e["action"] == "create"]["local"]
    assert 0.03 < night(created).mean() < 0.12
    assert 9 <= created.dt.hour.mode().iloc[0] <= 11


def test_departments_keep_office_hours_on_working_days(city):
    _seed, _url, raw = city
    e = raw.events
    office = e[
        e["action"].isin(("sign", "reply", "return"))
        & (e["limit_unit"] != "hours")
        & e["department_id"].isin(raw.departments[raw.departments["code"].str.match(r"B(0[2-9]|1\d|2\d)")]["id"])
    ]
    assert len(office) > 3_000
    days = office["local"].dt.date
    assert days.map(chinese_calendar.is_workday).all(), office[~days.map(chinese_calendar.is_workday)].head()
    t = office["local"].dt.time
    am = (t >= datetime(2000, 1, 1, 8, 30).time()) & (t <= datetime(2000, 1, 1, 12).time())
    pm = (t >= datetime(2000, 1, 1, 14, 30).time()) & (t <= datetime(2000, 1, 1, 18).time())
    assert (am | pm).all()


def test_the_spring_festival_is_quiet_but_for_the_intake_and_the_night_duty(city):
    _seed, _url, raw = city
    e = raw.events
    d = e["local"].dt.date
    quiet = ((d == EVE) & (e["local"].dt.hour >= 12)) | d.isin(FESTIVAL)
    during = e[quiet & ~e["action"].isin(("create", "answer", "merge", "merged_in"))]
    assert (during["limit_unit"] == "hours").all(), during[["action", "local", "category_code"]].head()
    assert (e[quiet]["action"] == "create").sum() > 20  # people still call


def test_heating_in_the_heating_season_and_ice_only_in_winter(city):
    _seed, _url, raw = city
    t = raw.tickets
    month = t["local"].dt.month
    heating = t[t["category_code"] == "H0203"]
    assert len(heating) > 150 and heating["local"].dt.month.isin((11, 12, 1, 2, 3)).all()
    ice = t[t["category_code"] == "SJ0111"]
    assert len(ice) > 0 and ice["local"].dt.month.isin((11, 12, 1, 2, 3)).all()
    spring = t[month.isin((4, 5, 6))]
    winter_words = spring["content"].str.contains("暖气|积雪|结冰|冻裂|扫雪|融雪")
    assert not winter_words.any(), spring[winter_words]["content"].head()
    bbq = t[t["category_code"] == "SJ0510"]
    assert not bbq["local"].dt.month.isin((1, 2)).any()  # nobody grills on the street in January


def test_repeat_callers_fill_the_repeat_panel(city):
    _seed, url, raw = city
    reqs = raw.h1_12345()
    per_phone = reqs.groupby("citizen_phone").size()
    assert (per_phone >= 3).sum() >= 100, (per_phone >= 3).sum()  # people who called three times or more
    share = reqs["citizen_phone"].isin(per_phone[per_phone >= 2].index).mean()
    assert 0.05 <= share <= 0.2, share
    checks = [datetime(2024, 1, 8, 4) + timedelta(days=7 * k) for k in range(25)]
    with read_session(url) as s:
        panels = [hs.repeat_callers(s, now) for now in checks]
    assert all(not p.empty for p in panels[-4:])  # the 重复诉求 panel at the end of June shows callers
    assert sum(not p.empty for p in panels) >= 23 and all((p["tickets"] >= 3).all() for p in panels)


def test_towns_file_by_population(city):
    _seed, _url, raw = city
    reqs = raw.h1_12345()
    n = reqs.groupby("town_code").size()
    county = len(reqs) / sum(t.population for t in cat.TOWNS)
    rates = {t.name: n.get(t.code, 0) / t.population / county for t in cat.TOWNS}
    assert all(0.6 <= r <= 1.5 for r in rates.values()), rates
    assert rates["城区街道"] > rates["灵武农场"]  # townspeople call a little more


def test_the_slow_departments_are_the_late_ones(city):
    seed, url, raw = city
    t = raw.tickets
    done = t[(t["stream"] == "hotline") & t["dept_code"].notna() & t["replied_at"].notna() & t["due_at"].notna()]
    done = done.assign(late=done["replied_at"] > done["due_at"])
    by_dept = done.groupby("dept_code")["late"].agg(["mean", "size"])
    by_dept = by_dept[by_dept["size"] >= 60]
    slow = by_dept[by_dept.index.isin(cat.SLOW_DEPARTMENTS)]["mean"]
    fast = by_dept[by_dept.index.isin(cat.FAST_DEPARTMENTS)]["mean"]
    print(
        f"\nseed {seed}: late share {done['late'].mean():.1%}; slow {slow.round(3).to_dict()}; fast {fast.round(3).to_dict()}"
    )
    assert len(slow) >= 4 and len(fast) >= 4
    assert slow.min() > fast.max() and slow.mean() >= 3 * fast.mean()
    assert 0.05 <= done["late"].mean() <= 0.15
    day_limit = done[done["limit_unit"] == "hours"]["late"].mean()  # the 24-hour orders go to fast utilities
    assert day_limit < done["late"].mean()
    with read_session(url) as s:
        a = hs.assessment(s, cat.CAL_START, cat.REPORT_DAY, min_assigned=30).set_index("code")
    assert a.loc["B06", "close_on_time_rate"] < a.loc["U03", "close_on_time_rate"]
    assert a.loc["B06", "sign_on_time_rate"] < a.loc["U03", "sign_on_time_rate"]


def test_texts_read_like_people_wrote_them(city):
    _seed, _url, raw = city
    t, e = raw.tickets, raw.events
    hl = t[t["stream"] == "hotline"]
    assert hl["content"].nunique() >= 0.5 * len(hl)
    per_cat = hl.groupby("category_code")["content"].agg(["nunique", "size"])
    big = per_cat[per_cat["size"] >= 150]
    assert (big["nunique"] >= 40).all(), big
    ask = hl[hl["category_code"].isin([h.code for h in cat.HOTLINE_TYPES if h.domain == "咨询"])]
    assert ask["content"].str.contains("？|咨询|请问|想了解").mean() > 0.9
    assert not hl["content"].str.contains("请尽快处理。$").all()
    cm = t[t["stream"] == "cm"]
    assert cm["content"].nunique() >= 0.5 * len(cm)
    for action, least in (("reply", 25), ("close", 8), ("callback", 10), ("feedback", 6), ("return", 4)):
        assert e[e["action"] == action]["note"].nunique() >= least, action


def test_no_program_prefixes_in_stored_text(city):
    _seed, _url, raw = city
    prefix = re.compile(r"^\s*[A-Za-z_]{2,}\s*:")
    for col in (raw.tickets["content"], raw.tickets["summary"], raw.events["note"], raw.messages["text"]):
        hits = col.dropna()[col.dropna().str.match(prefix)]
        assert hits.empty, hits.head()


def _id_valid(no: str) -> bool:
    """GB 11643-1999: 6-digit area, birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character."""
    if not re.fullmatch(r"\d{17}[\dX]", no):
        return False
    try:
        birth = datetime.strptime(no[6:14], "%Y%m%d")
    except ValueError:
        return False
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(no[:17], weights, strict=True)) % 11]
    return check == no[17] and datetime(1900, 1, 1) < birth < datetime(2024, 1, 1)


def test_every_id_number_is_valid(city):
    _seed, _url, raw = city
    ids = raw.tickets["citizen_id_no"].dropna()
    assert len(ids) > 10_000 and ids.map(_id_valid).all(), ids[~ids.map(_id_valid)].head()


def test_weibo_posts_arrive_at_random(city):
    _seed, _url, raw = city
    t = raw.tickets
    at = t[t["channel_code"] == "weibo"]["created_at"].sort_values()
    gaps = at.diff().dropna().dt.total_seconds() / 86_400
    assert len(gaps) >= 6
    assert gaps.std() / gaps.mean() > 0.3 and gaps.max() - gaps.min() > 7, gaps.round(1).tolist()
    assert at.dt.round("1D").nunique() == len(at)  # and not in bursts on one day
