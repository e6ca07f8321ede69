"""数字城管 cases from inspectors, the public and video AI: arrivals and the 立案..结案 loop per case."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from data_access.events import AlertRaised, AlertReviewed, TicketAction, TicketCreated
from data_access.worktime import add_limit
from simulators import catalog as cat
from simulators.city import DEPT_ID
from simulators.common import eid, rng_for, utc
from simulators.feeds import arrivals as arr
from simulators.feeds.hotline import PACE, _supervise_until
from simulators.feeds.video import camera_ids_for, pick_bbox
from simulators.locate import locator

SOURCES = tuple(arr.CM_INSPECTOR_VIDEO_SHARE.items())
CANCEL_SHARE = 0.03
REWORK_SHARE = 0.07
WEIGHTS = cat.normalised(cat.CM_TYPES)
VIDEO_TYPES = [t for t in cat.CM_TYPES if t.algorithm]


def _hour_share(source: str, hour: int) -> float:
    if source == "inspector":
        return arr.INSPECTOR_SHARE[hour]
    if source == "video_ai":
        return arr.DAYLIGHT_SHARE[hour]
    return arr.HOUR_SHARE[hour]


def generate(seed: int, local_hour: datetime, scale: float = 1.0) -> list:
    """Every event of every case reported in one local hour, over its whole lifecycle (pure)."""
    day = local_hour.date()
    rng = rng_for(seed, "cm", local_hour.strftime("%Y%m%d%H"))
    events: list = []
    k = 0
    for source, share in SOURCES:
        kind = "inspector" if source == "inspector" else "public"
        lam = arr.daily_base(seed, arr.TARGET_CM * share, kind) * arr.weight(seed, day, kind)
        n = arr.poisson(rng, lam * scale * _hour_share(source, local_hour.hour))
        for _ in range(n):
            no = f"CG{local_hour:%Y%m%d%H}{k:04d}"
            k += 1
            r = rng_for(seed, "case", no)
            events.extend(plan(seed, no, source, utc(local_hour + timedelta(seconds=r.randrange(3600))), r))
    return events


def plan(seed: int, no: str, source: str, at: datetime, rng: random.Random) -> list:
    """One case: (video AI: alert + confirmation) report, register, dispatch, dispose, verify, close."""
    ctype = rng.choice(VIDEO_TYPES) if source == "video_ai" else rng.choices(cat.CM_TYPES, WEIGHTS)[0]
    loc = locator(seed)
    ev: list = []
    if source == "video_ai":
        cams = camera_ids_for(seed, ctype.algorithm)
        cam_id, lat, lon, town, area = cams[rng.randrange(len(cams))]
        alert_id = eid(seed, no, "alert")
        ev.append(AlertRaised(alert_id, cam_id, ctype.algorithm, round(rng.uniform(0.72, 0.99), 3), pick_bbox(rng), at))
        at = at + timedelta(minutes=rng.uniform(2, 20))
    else:
        p = loc.random_place(rng, None, core_share=0.8)
        lat, lon, town, area = p.lat, p.lon, p.town_code, p.area_code
    town_name = cat.TOWN_BY_CODE[town].name
    channel = {"inspector": "inspector", "public": "public", "video_ai": "video_ai"}[source]
    ev.append(
        TicketCreated(
            eid(seed, no, "create"),
            no,
            "cm",
            channel,
            ctype.code,
            f"{town_name}{ctype.name}",
            f"{ {'inspector': '监督员上报', 'public': '公众举报', 'video_ai': '视频AI发现'}[source] }："
            f"{town_name}网格{area[-3:]}发现{ctype.name}（{ctype.domain}）",
            at,
            area_code=area,
            town_code=town,
            lat=lat,
            lon=lon,
            address=f"灵武市{town_name}",
        )
    )
    if source == "video_ai":
        ev.append(AlertReviewed(eid(seed, no, "review"), alert_id, "confirmed", at, actor="sim", ticket_no=no))
    step = [0]

    def act(action: str, when: datetime, **kw) -> datetime:
        step[0] += 1
        ev.append(TicketAction(eid(seed, no, step[0], action), no, action, when, actor="sim", **kw))
        return when

    t = at + timedelta(minutes=rng.uniform(3, 40))
    if source != "video_ai" and rng.random() < CANCEL_SHARE:
        act("cancel", t, note="核实不属实，作废")
        return ev
    t = act("register", t, note="立案")
    due = add_limit(t, *ctype.limit)
    dept_code = ctype.dept or cat.TOWN_DEPT[town]
    dept = cat.DEPT_BY_CODE[dept_code]
    t = act("dispatch", t + timedelta(minutes=rng.uniform(2, 30)), department_id=DEPT_ID[dept_code], note="派遣")
    span = max(due - t, timedelta(hours=1))
    done = t + span * min(5.0, dept.speed * PACE * rng.lognormvariate(0, 0.5))
    _supervise_until(rng, act, ev, due, done)
    t = act("feedback", max(done, ev[-1].at + timedelta(seconds=30)), note="处置完毕，已反馈")
    if rng.random() < REWORK_SHARE:
        t = act("rework", t + timedelta(hours=rng.uniform(0.5, 4)), note="核查不通过，返工")
        t = act("feedback", t + timedelta(hours=rng.lognormvariate(math.log(6), 0.6)), note="返工完毕")
    act("close", t + timedelta(hours=rng.uniform(0.3, 5)), note="核查通过，结案")
    return ev
