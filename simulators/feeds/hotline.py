"""12345 requests (all channels incl. Weibo): arrivals per hour and each ticket's whole lifecycle plan."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from data_access.events import DuplicateLinked, TicketAction, TicketCreated
from data_access.hotline.remind import NOTES
from data_access.lifecycle import REDO_LIMIT_WORK_DAYS, SIGN_LIMIT_WORK_HOURS
from data_access.worktime import add_limit, add_work_days, add_work_hours
from simulators import catalog as cat
from simulators.city import DEPT_ID
from simulators.common import eid, rng_for, utc
from simulators.feeds import arrivals as arr
from simulators.locate import Place, locator

P_DISSATISFIED = 0.092  # first-callback base odds, times the department's quality factor (calibrated)
REDO_SHARE = 0.8  # dissatisfied callbacks sent back to be redone
CALLBACK_REACHED = 0.93
PACE = 0.8  # global handling pace on top of each department's speed (calibrates the on-time rate)
REMIND_SHARE = 0.35  # near-deadline tickets the duty officer picks for a reminder
# 重复件: a call about a request already received earlier in the same local hour (same type, same spot). The same
# hour keeps both in any run that starts on an hour boundary; about 3 % of 12345 calls end up duplicates.
DUP_SHARE = 0.045  # calls that repeat an earlier request of their hour, when there is one
DUP_LINKED = 0.7  # duplicates the agent recognises at intake and merges (DuplicateLinked); the rest run anew
DUP_SAME_CALLER = 0.3  # the same caller calling again; else a neighbour reporting the same problem
SURNAMES = "王李张刘陈杨马赵黄周吴徐孙朱胡郭何高林罗海丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉梅"
WEIGHTS = cat.normalised(cat.HOTLINE_TYPES)


def citizen(rng: random.Random) -> tuple[str, str, str]:
    """A synthetic caller: name, mobile number, ID number (all fake, masked on display)."""
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    return name, phone, f"640181{birth:%Y%m%d}{rng.randrange(1000):03d}{rng.choice('0123456789X')}"


def arrivals(seed: int, local_hour: datetime, scale: float = 1.0) -> list[tuple[str, str, datetime, random.Random]]:
    """(ticket_no, channel, created_at UTC, rng) for the tickets of one local hour (pure)."""
    day = local_hour.date()
    lam = arr.daily_base(seed, arr.TARGET_HOTLINE) * arr.day_factor(seed, day) * arr.HOUR_SHARE[local_hour.hour]
    rng = rng_for(seed, "hl", local_hour.strftime("%Y%m%d%H"))
    n = arr.poisson(rng, lam * scale)
    weibo = arr.systematic_count(seed, "weibo", day, arr.TARGET_WEIBO / 182 * scale) if local_hour.hour == 0 else 0
    out = []
    for k in range(n + weibo):
        no = f"RX{local_hour:%Y%m%d%H}{k:04d}"
        r = rng_for(seed, "ticket", no)
        if k >= n:  # Weibo posts arrive in the daytime of that day
            channel, at = "weibo", utc(local_hour + timedelta(hours=r.randint(8, 21), seconds=r.randrange(3600)))
        else:
            channel = r.choices([c for c, _ in cat.HOTLINE_CHANNEL_MIX], [w for _, w in cat.HOTLINE_CHANNEL_MIX])[0]
            at = utc(local_hour + timedelta(seconds=r.randrange(3600)))
        out.append((no, channel, at, r))
    return out


def generate(seed: int, local_hour: datetime, scale: float = 1.0) -> list:
    """Every event of every ticket arriving in one local hour, over its whole lifecycle (pure)."""
    hour = arrivals(seed, local_hour, scale)
    fresh = {no: (at, rng.getstate()) for no, channel, at, rng in hour if channel != "weibo"}
    events: list = []
    for no, channel, at, rng in hour:
        master = master_for(seed, no, channel, at, fresh)
        if master is None:
            events.extend(plan(seed, no, channel, at, rng))
        else:
            events.extend(duplicate(seed, no, channel, at, rng, master, *fresh[master]))
    return events


def _dup_coin(seed: int, no: str) -> random.Random | None:
    """The duplicate's own random stream when `no` is drawn as a repeat call, else None."""
    r = rng_for(seed, "dup", no)
    return r if r.random() < DUP_SHARE else None


def master_for(seed: int, no: str, channel: str, at: datetime, hour: dict) -> str | None:
    """The earlier request of the same hour that this call repeats, or None (`hour`: ticket_no -> (at, state))."""
    r = _dup_coin(seed, no) if channel != "weibo" else None
    if r is None:
        return None
    earlier = sorted(m for m, (m_at, _) in hour.items() if m_at < at and _dup_coin(seed, m) is None)
    return r.choice(earlier) if earlier else None


def duplicate(
    seed: int, no: str, channel: str, at: datetime, rng: random.Random, master: str, master_at: datetime, state
) -> list:
    """A repeat of `master` (same type, a few dozen metres away): merged at intake (DuplicateLinked), or, when the
    agent misses it or it is a consultation answered anyway, handled like any other request."""
    r = _dup_coin(seed, no)
    m_rng = random.Random()
    m_rng.setstate(state)
    htype, place, caller = _head(seed, m_rng, master_at)
    place = replace(place, lat=place.lat + r.uniform(-4e-4, 4e-4), lon=place.lon + r.uniform(-5e-4, 5e-4))
    if r.random() >= DUP_SAME_CALLER:
        caller = citizen(r)
    if htype.domain == "咨询" or r.random() >= DUP_LINKED:
        return plan(seed, no, channel, at, rng, head=(htype, place, caller))
    return [
        _created(seed, no, channel, at, rng, htype, place, caller),
        DuplicateLinked(
            eid(seed, no, "dup"),
            no,
            master,
            at + timedelta(minutes=r.uniform(3, 15)),
            actor="sim",
            note=f"坐席核实：与 {master} 为同一诉求，作为重复件并入",
        ),
    ]


def pick_type(seed: int, rng: random.Random, at: datetime) -> cat.HotlineType:
    wx = arr.weather(seed, (at + timedelta(hours=8)).date())
    weights = [w * arr.category_boost(t.season, wx) for t, w in zip(cat.HOTLINE_TYPES, WEIGHTS, strict=True)]
    return rng.choices(cat.HOTLINE_TYPES, weights)[0]


def _head(seed: int, rng: random.Random, at: datetime) -> tuple[cat.HotlineType, Place, tuple[str, str, str]]:
    """What a request is about, where, and who calls: the first draws of its random stream."""
    htype = pick_type(seed, rng, at)
    place: Place = locator(seed).random_place(rng, None, core_share=0.6)
    return htype, place, citizen(rng)


def _created(
    seed: int, no: str, channel: str, at: datetime, rng: random.Random, htype, place: Place, caller
) -> TicketCreated:
    name, phone, id_no = caller
    town = cat.TOWN_BY_CODE[place.town_code].name
    kw = rng.choice(htype.keywords.split())
    return TicketCreated(
        eid(seed, no, "create"),
        no,
        "hotline",
        channel,
        htype.code,
        f"{town}{kw}问题（{htype.name}）",
        f"市民反映：{town}{place.area_code[-6:]}附近{kw}，{htype.domain}，请尽快处理。",
        at,
        area_code=place.area_code,
        town_code=place.town_code,
        lat=place.lat,
        lon=place.lon,
        address=f"灵武市{town}",
        citizen_name=name,
        citizen_phone=phone,
        citizen_id_no=id_no,
    )


def plan(seed: int, no: str, channel: str, at: datetime, rng: random.Random, head: tuple | None = None) -> list:
    """The lifecycle of one 12345 ticket as events: dispatch, sign, return, extend, reply, close, callback, redo.

    `head` (type, place, caller) is given for a repeat call; otherwise it is drawn from `rng`."""
    htype, place, caller = head or _head(seed, rng, at)
    ev: list = [_created(seed, no, channel, at, rng, htype, place, caller)]
    step = [0]

    def act(action: str, when: datetime, **kw) -> datetime:
        step[0] += 1
        ev.append(TicketAction(eid(seed, no, step[0], action), no, action, when, actor="sim", **kw))
        return when

    t = at + timedelta(minutes=rng.uniform(2, 12))
    if htype.domain == "咨询" and rng.random() < 0.7 and channel != "weibo":  # answered by the agent (直办)
        t = act("answer", t, note="坐席直接答复")
        _callback(seed, rng, act, t, cat.DEPT_BY_CODE["C00"], late=False, allow_redo=False)
        return ev
    dept_code = htype.dept or cat.TOWN_DEPT[place.town_code]
    dept = cat.DEPT_BY_CODE[dept_code]
    if rng.random() < dept.return_rate:  # wrong owner: signed for late, then returned
        t = act("dispatch", t, department_id=DEPT_ID[dept_code], note="智能派单")
        t = act(
            "return",
            add_work_hours(t, rng.uniform(0.5, 6)),
            department_id=DEPT_ID[dept_code],
            note="非本单位职责，申请退回",
        )
        dept_code = cat.TOWN_DEPT[place.town_code] if htype.dept else "B01"
        dept = cat.DEPT_BY_CODE[dept_code]
        t += timedelta(minutes=rng.uniform(10, 90))
    limit = add_limit(t, *htype.limit)
    t = act("dispatch", t, department_id=DEPT_ID[dept_code], note="派单")
    sign_due = add_work_hours(t, SIGN_LIMIT_WORK_HOURS)
    sign_at = add_work_hours(t, max(0.05, rng.lognormvariate(math.log(dept.sign_hours), 0.7)))
    if sign_at > sign_due and rng.random() < 0.5:
        act("supervise", sign_due + timedelta(minutes=rng.uniform(5, 60)), reminder="sign", note=NOTES["sign"])
    sign_at = act("sign", max(sign_at, ev[-1].at + timedelta(seconds=30)))
    due = limit
    span = max(due - t, timedelta(hours=2))
    reply_at = sign_at + span * min(4.0, dept.speed * PACE * rng.lognormvariate(0, 0.45))
    if reply_at > due and rng.random() < 0.45:  # asks for more time before the deadline
        req = max(sign_at + timedelta(minutes=5), due - span * 0.2)
        act("extend_request", req, note="情况复杂，申请延期")
        days_ext = float(rng.choice((3, 5, 7)))
        ok_at = act("extend_approve", req + timedelta(hours=rng.uniform(0.5, 4)), extend_days=days_ext, note="同意延期")
        due = add_work_days(max(due, ok_at), days_ext)
        reply_at = max(reply_at, ok_at + timedelta(minutes=rng.uniform(10, 120)))
    _supervise_until(rng, act, ev, due, reply_at)
    t = act("reply", reply_at, note="已办理并答复市民")
    t = act("close", t + timedelta(hours=rng.uniform(0.3, 6)), note="审核通过，办结")
    late = reply_at > due
    _callback(seed, rng, act, t, dept, late=late, allow_redo=True, department_id=DEPT_ID[dept_code], ev=ev)
    return ev


def _supervise_until(rng: random.Random, act, ev: list, due: datetime, done_at: datetime) -> None:
    """Reminders when the deadline nears, overdue notices while it is passed and the ticket still open."""
    start = ev[-1].at
    remind_at = due - timedelta(hours=rng.uniform(2, 6))
    if done_at > due - timedelta(hours=12) and start < remind_at < done_at and rng.random() < REMIND_SHARE:
        act("supervise", remind_at, reminder="near", note=NOTES["near"])
    k, when = 0, due + timedelta(hours=rng.uniform(0.5, 3))
    while when < done_at and k < 2:
        act("supervise", max(when, ev[-1].at + timedelta(seconds=30)), reminder="overdue", note=NOTES["overdue"])
        k, when = k + 1, when + timedelta(days=3)


def _callback(
    seed,
    rng: random.Random,
    act,
    closed_at: datetime,
    dept: cat.Dept,
    *,
    late: bool,
    allow_redo: bool,
    department_id: int | None = None,
    ev: list | None = None,
) -> None:
    """回访: satisfaction by department quality and lateness; dissatisfied -> redo -> second callback."""
    if rng.random() >= CALLBACK_REACHED:
        return
    t = act(
        "callback",
        closed_at + timedelta(hours=rng.uniform(4, 60)),
        satisfaction=_rate(rng, dept.quality * (1.8 if late else 1.0)),
        note="回访",
    )
    if not allow_redo or ev[-1].satisfaction != "dissatisfied" or rng.random() >= REDO_SHARE:
        return
    t = act("redo", t + timedelta(hours=rng.uniform(0.5, 4)), department_id=department_id, note="市民不满意，退回重办")
    due = add_work_days(t, REDO_LIMIT_WORK_DAYS)
    reply_at = t + (due - t) * min(2.5, dept.speed * PACE * rng.lognormvariate(0, 0.4))
    _supervise_until(rng, act, ev, due, reply_at)
    t = act("reply", reply_at, note="重新办理并答复")
    t = act("close", t + timedelta(hours=rng.uniform(0.3, 6)), note="重办办结")
    act(
        "callback",
        t + timedelta(hours=rng.uniform(4, 60)),
        satisfaction=_rate(rng, dept.quality * 0.45),
        note="重办回访",
    )


def _rate(rng: random.Random, factor: float) -> str:
    r = rng.random()
    p_bad = min(0.9, P_DISSATISFIED * factor)
    if r < p_bad:
        return "dissatisfied"
    return "basic" if r < p_bad + (1 - p_bad) * 0.18 else "satisfied"
