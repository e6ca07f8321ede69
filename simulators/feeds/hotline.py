"""12345 requests (all channels incl. Weibo): arrivals per hour and each ticket's whole lifecycle plan.

How the city behaves (each point is asserted by tests/unit/test_calibration*.py for seeds 1, 2 and 3):
- Calls arrive 7x24 on the hour-of-day curve; every later step is done by a person in that person's hours
  (simulators/staff.py): the centre dispatches, reviews, approves and calls back in its shifts, departments sign
  and handle in office hours; only urgent requests (a clock-hour limit) go out at night, to 24-hour crews.
- Where: towns by population (townspeople call a little more); what: category shares, each category's season and
  the day's weather (no heating complaint outside November..March), and what each kind of town asks about.
- Who: a fresh caller each time, except the repeat callers: a person coming back about the same unresolved thing
  several times within days (the 重复诉求 panel): asking after the first request while it is open, filing it
  again once it was closed without fixing the problem.
- How well: each department's own pace (share of orders it would finish late) and quality (dissatisfaction odds);
  a dissatisfied callback is mostly sent back to be redone, and a redone request often stays dissatisfied.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from statistics import NormalDist

from data_access.events import DuplicateLinked, TicketAction, TicketCreated
from data_access.hotline.remind import NOTES
from data_access.lifecycle import REDO_LIMIT_WORK_DAYS, SIGN_LIMIT_WORK_HOURS
from data_access.worktime import add_limit, add_work_days, add_work_hours
from simulators import catalog as cat
from simulators import staff
from simulators import texts as tx
from simulators.city import DEPT_ID
from simulators.common import eid, local, rng_for, utc
from simulators.feeds import arrivals as arr
from simulators.locate import Place, locator

P_DISSATISFIED = 0.127  # first-callback odds of an average department on time (calibrated: 88.71 % final)
LATE_FACTOR = 1.8  # a late answer makes dissatisfaction that much likelier
REPEAT_FACTOR = 1.6  # so does a caller who had to call again
P_STILL_DISSATISFIED = 0.55  # a redone request rated dissatisfied again, times the department's quality (capped)
REDO_SHARE = 0.8  # dissatisfied callbacks sent back to be redone
CALLBACK_REACHED = 0.93
SIGMA = 0.55  # spread of a department's handling time around its own pace
EXTEND_SHARE = 0.4  # orders that would be late whose department asks for more time before the deadline
OVERRUN_CAP_HOURS = 35.0  # a late order is late by at most this many working hours (5 days), or 80 % of its budget
SIGN_REMIND_SHARE = 0.35  # late signs the duty officer reminds
REMIND_SHARE = 0.15  # near-deadline tickets the duty officer picks for a reminder
OVERDUE_SHARE = 0.595  # late orders the duty officer sends overdue notices for
OVERDUE_NOTICES = 2  # overdue notices per late order at most, three days apart
# 重复件: a call about a request already received earlier in the same local hour (same type, same spot). The same
# hour keeps both in any run that starts on an hour boundary; about 3 % of 12345 calls end up duplicates.
DUP_SHARE = 0.045  # calls that repeat an earlier request of their hour, when there is one
DUP_LINKED = 0.7  # duplicates the agent recognises at intake and merges (DuplicateLinked); the rest run anew
DUP_SAME_CALLER = 0.3  # the same caller calling again; else a neighbour reporting the same problem
# repeat callers (重复来电): episodes of one person calling about one unresolved thing again and again
REPEAT_SHARE = 0.085  # of all 12345 calls
REPEAT_CALLS = (3, 3, 3, 4, 4, 4, 5, 5, 6, 7)  # calls per episode (uniform pick), the first included
REPEAT_MEAN_CALLS = sum(REPEAT_CALLS) / len(REPEAT_CALLS)
REPEAT_GAP_DAYS = 1.3  # median days between two calls of an episode
REPEAT_WINDOW_DAYS = 21  # an episode's calls all fall within this many days of its first
REPEAT_PRONE = {  # categories people keep calling about, and how much more than their share
    "H0203": 3.0, "H0401": 3.0, "H0301": 2.5, "H0503": 2.5, "H0902": 2.5, "H0302": 2.0, "H1101": 1.5,
    "H0201": 1.2, "H1001": 1.5, "H0303": 1.5, "H0701": 1.0, "H0601": 1.0, "H0504": 1.5,
}  # fmt: skip
SURNAMES = "王李张刘陈杨马赵黄周吴徐孙朱胡郭何高林罗海丁田冯韩杜苏白"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉梅建国红军晓东志文海燕"
MOBILE = ("139", "138", "137", "135", "136", "150", "151", "152", "157", "158", "182", "187", "188", "130", "131",
          "132", "155", "156", "185", "186", "133", "153", "180", "181", "189", "177", "199", "173")  # fmt: skip
ID_AREAS = (("640181", 0.82), ("640104", 0.05), ("640106", 0.04), ("640121", 0.03), ("640381", 0.03), ("622626", 0.03))
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643-1999: the check digit's weights
TOWN_WEIGHTS = [t.population * t.calls for t in cat.TOWNS]
DOMAIN_OF = {h.code: h.domain for h in cat.HOTLINE_TYPES}
_Z = NormalDist()


def id_check_digit(body: str) -> str:
    """The 18th character of a citizen ID number for its first 17 digits (GB 11643: ISO 7064 MOD 11-2)."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def citizen(rng: random.Random) -> tuple[str, str, str]:
    """A synthetic caller: name, mobile number, ID number (valid check digit; all fake, masked on display)."""
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    phone = f"{rng.choice(MOBILE)}{rng.randrange(10**8):08d}"
    birth = date(1945, 1, 1) + timedelta(days=rng.randrange(365 * 60))
    area = rng.choices([a for a, _ in ID_AREAS], [w for _, w in ID_AREAS])[0]
    body = f"{area}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return name, phone, body + id_check_digit(body)


def _weibo_hour(u: float) -> float:
    """A Weibo post's local hour from a uniform fraction of the day, on the day's arrival curve."""
    cum = list(accumulate(arr.HOUR_SHARE))
    h = min(23, bisect(cum, u))
    lo = cum[h - 1] if h else 0.0
    return h + (u - lo) / arr.HOUR_SHARE[h]


def _fresh_count(seed: int, local_hour: datetime, scale: float) -> tuple[int, random.Random]:
    day = local_hour.date()
    lam = arr.daily_base(seed, arr.TARGET_HOTLINE) * arr.day_factor(seed, day) * arr.HOUR_SHARE[local_hour.hour]
    rng = rng_for(seed, "hl", local_hour.strftime("%Y%m%d%H"))
    return arr.poisson(rng, lam * scale * (1 - REPEAT_SHARE)), rng


def _weibo_times(seed: int, local_hour: datetime, scale: float) -> list[datetime]:
    """Local times of the Weibo posts in this hour: a renewal process with irregular gaps (pure)."""
    day = local_hour.date()
    out = []
    for h in arr.rare_arrivals(seed, "weibo", day, arr.TARGET_WEIBO / 182 * scale):
        at = datetime(day.year, day.month, day.day) + timedelta(hours=_weibo_hour(h / 24))
        if at.hour == local_hour.hour:
            out.append(at)
    return out


def arrivals(seed: int, local_hour: datetime, scale: float = 1.0) -> list[tuple[str, str, datetime, random.Random]]:
    """(ticket_no, channel, created_at UTC, rng) for the fresh calls and Weibo posts of one local hour (pure)."""
    n, _ = _fresh_count(seed, local_hour, scale)
    out = []
    for k in range(n):
        no = f"RX{local_hour:%Y%m%d%H}{k:04d}"
        r = rng_for(seed, "ticket", no)
        channel = r.choices([c for c, _ in cat.HOTLINE_CHANNEL_MIX], [w for _, w in cat.HOTLINE_CHANNEL_MIX])[0]
        out.append((no, channel, utc(local_hour + timedelta(seconds=r.randrange(3600))), r))
    for j, at in enumerate(_weibo_times(seed, local_hour, scale)):
        no = f"RX{local_hour:%Y%m%d%H}{n + j:04d}"
        out.append((no, "weibo", utc(at), rng_for(seed, "ticket", no)))
    return out


@dataclass(frozen=True)
class Episode:
    """A repeat caller: one person, one unresolved thing, several calls (local times)."""

    key: str
    htype: cat.HotlineType
    place: Place
    caller: tuple[str, str, str]
    calls: tuple[datetime, ...]  # UTC


@lru_cache(maxsize=64)
def _repeat_weights(seed: int, day: date) -> tuple[list[cat.HotlineType], list[float]]:
    types = [h for h in cat.HOTLINE_TYPES if h.code in REPEAT_PRONE]
    return types, [h.share * REPEAT_PRONE[h.code] * arr.season_factor(seed, h.season, day) for h in types]


def _daytime(rng: random.Random, day: date) -> datetime:
    """A local time on `day` when people call back about something (8:00..21:00, on the arrival curve)."""
    hours = list(range(8, 21))
    h = rng.choices(hours, [arr.HOUR_SHARE[x] for x in hours])[0]
    return datetime(day.year, day.month, day.day, h) + timedelta(seconds=rng.randrange(3600))


@lru_cache(maxsize=2048)
def episodes(seed: int, day: date, scale: float = 1.0) -> tuple[Episode, ...]:
    """The repeat-caller episodes whose first call falls on local `day` (pure)."""
    lam = arr.daily_base(seed, arr.TARGET_HOTLINE) * arr.day_factor(seed, day) * REPEAT_SHARE / REPEAT_MEAN_CALLS
    r = rng_for(seed, "episodes", day.isoformat())
    out = []
    types, weights = _repeat_weights(seed, day)
    for i in range(arr.poisson(r, lam * scale)):
        er = rng_for(seed, "episode", day.isoformat(), i)
        htype = er.choices(types, weights)[0]
        town = er.choices(cat.TOWNS, TOWN_WEIGHTS)[0]
        place = locator(seed).random_place(er, town.code)
        caller = citizen(er)
        first = _daytime(er, day)
        calls, last = [first], first
        for _ in range(er.choice(REPEAT_CALLS) - 1):
            nxt_day = (last + timedelta(days=er.lognormvariate(math.log(REPEAT_GAP_DAYS), 0.6))).date()
            nxt = _daytime(er, nxt_day)
            late = nxt <= last or nxt - first > timedelta(days=REPEAT_WINDOW_DAYS)
            if late or not arr.season_factor(seed, htype.season, nxt_day):  # the heating season ended: so did it
                break
            calls.append(nxt)
            last = nxt
        if len(calls) >= 2:
            out.append(Episode(f"{day:%Y%m%d}-{i}", htype, place, caller, tuple(utc(c) for c in calls)))
    return tuple(out)


def repeat_calls(seed: int, local_hour: datetime, scale: float = 1.0) -> list[tuple[Episode, int, datetime]]:
    """(episode, call index, UTC time) of the repeat-caller calls in one local hour, in a stable order (pure)."""
    lo, hi = utc(local_hour), utc(local_hour + timedelta(hours=1))
    out = []
    for back in range(REPEAT_WINDOW_DAYS + 1, -1, -1):
        for e in episodes(seed, local_hour.date() - timedelta(days=back), scale):
            out += [(e, j, at) for j, at in enumerate(e.calls) if lo <= at < hi]
    return out


def _repeat_no(seed: int, at: datetime, scale: float, key: str, j: int) -> str:
    """The ticket number of call j of episode `key`: after the hour's fresh calls and Weibo posts."""
    hour = local(at).replace(minute=0, second=0, microsecond=0)
    n, _ = _fresh_count(seed, hour, scale)
    base = n + len(_weibo_times(seed, hour, scale))
    idx = next(i for i, (e, jj, _) in enumerate(repeat_calls(seed, hour, scale)) if e.key == key and jj == j)
    return f"RX{hour:%Y%m%d%H}{base + idx:04d}"


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
    n_before = len(hour)
    for idx, (e, j, at) in enumerate(repeat_calls(seed, local_hour, scale)):
        events.extend(repeat(seed, f"RX{local_hour:%Y%m%d%H}{n_before + idx:04d}", e, j, at, scale))
    return events


def repeat(seed: int, no: str, e: Episode, j: int, at: datetime, scale: float) -> list:
    """Call j of a repeat-caller episode. The first is a request like any other. A later call while the first is
    still open is a 催问: the agent tells the caller where it stands and urges the department, and closes the call
    (直办); a later call after it was closed is a new request about the same thing (the problem came back)."""
    rng = rng_for(seed, "repeat", e.key, j)
    head = (e.htype, e.place, e.caller)
    if j == 0:
        return plan(seed, no, "phone", at, rng, head=head, repeat=0)
    master_no = _repeat_no(seed, e.calls[0], scale, e.key, 0)
    first = plan(seed, master_no, "phone", e.calls[0], rng_for(seed, "repeat", e.key, 0), head=head, repeat=0)
    closed = next((x.at for x in first if isinstance(x, TicketAction) and x.action in ("close", "answer")), None)
    if closed is None or at < closed:
        created = _created(seed, no, "phone", at, rng, e.htype, e.place, e.caller, again=True)
        note = f"市民来电催问 {master_no} 办理进度，已告知正在办理，并督促承办单位尽快答复"
        return [
            created,
            TicketAction(
                eid(seed, no, 1, "answer"), no, "answer", at + timedelta(minutes=rng.uniform(3, 10)), "sim", note=note
            ),
        ]
    return plan(seed, no, "phone", at, rng, head=head, repeat=j)


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


@lru_cache(maxsize=4096)
def _type_weights(seed: int, day: date, kind: str) -> list[float]:
    """Cumulative category weights on `day` in a town of `kind`: share x season x weather x where."""
    w = [
        t.share * arr.season_factor(seed, t.season, day) * (arr.AFFINITY[t.where][kind] if t.where else 1.0)
        for t in cat.HOTLINE_TYPES
    ]
    return list(accumulate(w))


def pick_type(seed: int, rng: random.Random, at: datetime, kind: str = "urban") -> cat.HotlineType:
    return rng.choices(cat.HOTLINE_TYPES, cum_weights=_type_weights(seed, local(at).date(), kind))[0]


def _head(seed: int, rng: random.Random, at: datetime) -> tuple[cat.HotlineType, Place, tuple[str, str, str]]:
    """What a request is about, where, and who calls: the first draws of its random stream."""
    town = rng.choices(cat.TOWNS, TOWN_WEIGHTS)[0]
    htype = pick_type(seed, rng, at, town.kind)
    place: Place = locator(seed).random_place(rng, town.code)
    return htype, place, citizen(rng)


def spot_name(seed: int, place: Place) -> str:
    """The community or village of a place, without its town's prefix (新民社区, 长流水村)."""
    v = locator(seed).by_code.get(place.area_code[:12])
    return v.name[2:] if v is not None else cat.TOWN_BY_CODE[place.town_code].name


def _created(
    seed: int, no: str, channel: str, at: datetime, rng: random.Random, htype, place: Place, caller, again=False
) -> TicketCreated:
    name, phone, id_no = caller
    town = cat.TOWN_BY_CODE[place.town_code]
    spot = spot_name(seed, place)
    day = local(at).date()
    values = tx.slots(rng, town=town.name, spot=spot, urban=town.kind == "urban")
    text = tx.fill(tx.choose(rng, tx.REQUESTS[htype.code], day, arr.snowed(seed, day, 3)), values)
    # what the agent writes down: the caller's words, as opened and closed on the phone
    opener = tx.fill(rng.choice(tx.OPENERS), values)
    opener = "" if again else opener  # drawn either way: the same draws follow
    closer = rng.choice(tx.CLOSERS["咨询" if htype.domain == "咨询" else "other"])
    text = f"{opener}{text}{closer}"
    what = tx.SUMMARY[htype.code]
    if channel == "weibo":
        text = tx.fill(tx.choose(rng, tx.WEIBO, day), {**values, "what": text.rstrip("。？！")})
    elif again:
        text = f"市民再次来电反映：{text}"
    return TicketCreated(
        eid(seed, no, "create"),
        no,
        "hotline",
        channel,
        htype.code,
        f"{spot}{what}",
        text,
        at,
        area_code=place.area_code,
        town_code=place.town_code,
        lat=place.lat,
        lon=place.lon,
        address=f"灵武市{town.name}{spot}",
        citizen_name=name,
        citizen_phone=phone,
        citizen_id_no=id_no,
    )


def shift_of(dept: cat.Dept, urgent: bool) -> staff.Shift:
    """Whose hours a department's people keep for this order: its crews' long day for urgent ones."""
    if urgent:
        return staff.CREW
    if dept.kind == "center":
        return staff.CENTER
    return staff.FIELD if dept.field else staff.OFFICE


def pace(dept: cat.Dept) -> float:
    """mu of the lognormal share of its time budget a department uses: P(share > 1) = its late share."""
    return -SIGMA * _Z.inv_cdf(1 - dept.late)


def handle(
    rng: random.Random, shift: staff.Shift, start: datetime, due: datetime, dept: cat.Dept
) -> tuple[datetime, bool]:
    """When the department finishes an order it holds from `start` with deadline `due`, and whether that is late."""
    budget = max(0.5, staff.hours_between(shift, start, due))
    f = rng.lognormvariate(pace(dept), SIGMA)
    if f <= 1:
        return staff.add_hours(shift, start, max(0.1, f * budget)), False
    return staff.add_hours(shift, due, min((f - 1) * budget, 0.8 * budget, OVERRUN_CAP_HOURS) + 0.05), True


def plan(
    seed: int, no: str, channel: str, at: datetime, rng: random.Random, head: tuple | None = None, repeat: int = 0
) -> list:
    """The lifecycle of one 12345 ticket as events: dispatch, sign, return, extend, reply, close, callback, redo.

    `head` (type, place, caller) is given for a repeat call; otherwise it is drawn from `rng`. `repeat` > 0: the
    caller's how-many-th call about it (a repeat caller is harder to satisfy)."""
    htype, place, caller = head or _head(seed, rng, at)
    ev: list = [_created(seed, no, channel, at, rng, htype, place, caller, again=repeat > 0)]
    step = [0]
    day = local(at).date()

    def act(action: str, when: datetime, **kw) -> datetime:
        step[0] += 1
        when = max(when, ev[-1].at + timedelta(seconds=30))
        ev.append(TicketAction(eid(seed, no, step[0], action), no, action, when, actor="sim", **kw))
        return when

    t = at + timedelta(minutes=rng.uniform(2, 12))  # the agent finishes the call and writes the order (7x24)
    if htype.domain == "咨询" and rng.random() < 0.7 and channel != "weibo":  # answered by the agent (直办)
        t = act("answer", t, note=tx.choose(rng, tx.ANSWERS, day))
        _callback(seed, rng, act, t, cat.DEPT_BY_CODE["C00"], late=False, allow_redo=False, repeat=repeat)
        return ev
    urgent = htype.urgent
    if not urgent:  # the dispatch desk works the centre's shifts; urgent orders go out at once (night duty)
        t = staff.add_hours(staff.CENTER, t, rng.uniform(0.05, 0.8))
    dept_code = htype.dept or cat.TOWN_DEPT[place.town_code]
    dept = cat.DEPT_BY_CODE[dept_code]
    if rng.random() < dept.return_rate:  # wrong owner: returned with a reason, dispatched again
        t = act("dispatch", t, department_id=DEPT_ID[dept_code], note=tx.choose(rng, tx.DISPATCH, day))
        t = act(
            "return",
            staff.add_hours(shift_of(dept, urgent), t, rng.uniform(0.5, 6)),
            department_id=DEPT_ID[dept_code],
            note=tx.choose(rng, tx.RETURNS, day),
        )
        dept_code = cat.TOWN_DEPT[place.town_code] if htype.dept else "B01"
        dept = cat.DEPT_BY_CODE[dept_code]
        t = staff.add_hours(staff.DUTY if urgent else staff.CENTER, t, rng.uniform(0.1, 1.2))
    shift = shift_of(dept, urgent)
    t = act("dispatch", t, department_id=DEPT_ID[dept_code], note=tx.choose(rng, tx.DISPATCH, day))
    due = add_limit(t, *htype.limit)  # as the state machine sets it at dispatch
    sign_due = add_work_hours(t, SIGN_LIMIT_WORK_HOURS)
    sign_hours = 0.3 if urgent else dept.sign_hours
    sign_shift = staff.DUTY if urgent else shift  # an urgent order is signed by the duty desk, day or night
    sign_at = staff.add_hours(sign_shift, t, max(0.05, rng.lognormvariate(math.log(sign_hours), 0.7)))
    if sign_at > sign_due and rng.random() < SIGN_REMIND_SHARE:
        when = staff.add_hours(staff.CENTER, sign_due, rng.uniform(0.1, 1.0))
        if when < sign_at:
            act("supervise", when, reminder="sign", note=NOTES["sign"])
    sign_at = act("sign", sign_at, note=tx.choose(rng, tx.SIGN, day))
    reply_at, late = handle(rng, shift, sign_at, due, dept)
    if late and not urgent and rng.random() < EXTEND_SHARE:  # asks for more time before the deadline
        req = staff.add_hours(shift, sign_at, 0.7 * max(0.5, staff.hours_between(shift, sign_at, due)))
        if req < due:
            act("extend_request", req, note=tx.choose(rng, tx.EXTENSIONS, day))
            days_ext = float(rng.choice((3, 5, 7)))
            ok_at = act(
                "extend_approve",
                staff.add_hours(staff.CENTER, req, rng.uniform(0.3, 3)),
                extend_days=days_ext,
                note=tx.choose(rng, tx.EXTEND_OK, day),
            )
            due = add_work_days(max(due, ok_at), days_ext)
            reply_at, late = handle(rng, shift, ok_at, due, dept)
    _supervise_until(rng, act, ev, due, reply_at)
    t = act(
        "reply",
        reply_at,
        note=tx.fill(tx.choose(rng, tx.REPLIES[htype.domain], day), tx.slots(rng, town="", spot="", urban=True)),
    )
    t = act(
        "close",
        staff.add_hours(staff.CENTER, t, rng.lognormvariate(math.log(1.2), 0.8)),
        note=tx.choose(rng, tx.CLOSES, day),
    )
    _callback(
        seed, rng, act, t, dept, late=late, allow_redo=True, department_id=DEPT_ID[dept_code], ev=ev, repeat=repeat,
        shift=shift,
    )  # fmt: skip
    return ev


def _supervise_until(rng: random.Random, act, ev: list, due: datetime, done_at: datetime) -> None:
    """Reminders when the deadline nears, overdue notices while it is passed and the order still open; sent by the
    duty officer in the centre's hours."""
    start = ev[-1].at
    remind_at = staff.add_hours(staff.CENTER, due - timedelta(hours=rng.uniform(3, 8)), 0)
    if done_at > due - timedelta(hours=12) and start < remind_at < min(done_at, due) and rng.random() < REMIND_SHARE:
        act("supervise", remind_at, reminder="near", note=NOTES["near"])
    k, when = 0, staff.add_hours(staff.CENTER, due, rng.uniform(0.3, 2.5))
    if rng.random() >= OVERDUE_SHARE:
        return
    while when < done_at and k < OVERDUE_NOTICES:
        act("supervise", when, reminder="overdue", note=NOTES["overdue"])
        k, when = k + 1, staff.add_hours(staff.CENTER, when + timedelta(days=3), 0)


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
    repeat: int = 0,
    shift: staff.Shift = staff.OFFICE,
) -> None:
    """回访 in the callback shift: satisfaction by department quality, lateness and how often the caller had to
    call; dissatisfied -> mostly redone -> a second callback, often dissatisfied again."""
    if rng.random() >= CALLBACK_REACHED:
        return
    day = local(closed_at).date()
    p = P_DISSATISFIED * dept.quality * (LATE_FACTOR if late else 1.0) * (REPEAT_FACTOR if repeat else 1.0)
    rating = _rate(rng, p)
    t = act(
        "callback",
        staff.add_hours(staff.CALLBACK, closed_at + timedelta(hours=1), rng.lognormvariate(math.log(2.5), 0.9)),
        satisfaction=rating,
        note=tx.choose(rng, tx.CALLBACKS[rating], day),
    )
    if not allow_redo or rating != "dissatisfied" or rng.random() >= REDO_SHARE:
        return
    t = act(
        "redo",
        staff.add_hours(staff.CENTER, t, rng.uniform(0.2, 2.5)),
        department_id=department_id,
        note=tx.choose(rng, tx.REDO_NOTES, day),
    )
    due = add_work_days(t, REDO_LIMIT_WORK_DAYS)
    reply_at, late = handle(rng, shift, t, due, dept)
    _supervise_until(rng, act, ev, due, reply_at)
    t = act("reply", reply_at, note=tx.choose(rng, tx.REDO_REPLIES, day))
    t = act(
        "close",
        staff.add_hours(staff.CENTER, t, rng.lognormvariate(math.log(1.2), 0.8)),
        note=tx.choose(rng, tx.REDO_CLOSES, day),
    )
    if rng.random() >= CALLBACK_REACHED:
        return
    rating = _rate(rng, min(0.85, P_STILL_DISSATISFIED * dept.quality))
    act(
        "callback",
        staff.add_hours(staff.CALLBACK, t + timedelta(hours=1), rng.lognormvariate(math.log(2.5), 0.9)),
        satisfaction=rating,
        note=tx.choose(rng, tx.CALLBACKS[rating], day),
    )


def _rate(rng: random.Random, p_bad: float) -> str:
    r = rng.random()
    p_bad = min(0.9, p_bad)
    if r < p_bad:
        return "dissatisfied"
    return "basic" if r < p_bad + (1 - p_bad) * 0.18 else "satisfied"
