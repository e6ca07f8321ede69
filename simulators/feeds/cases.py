"""数字城管 cases from inspectors, the public and video AI: arrivals and the 立案..结案 loop per case."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate

from data_access.events import AlertRaised, AlertReviewed, TicketAction, TicketCreated
from data_access.worktime import add_limit
from simulators import catalog as cat
from simulators import staff
from simulators import texts as tx
from simulators.city import DEPT_ID
from simulators.common import eid, local, rng_for, utc
from simulators.feeds import arrivals as arr
from simulators.feeds.hotline import _supervise_until, handle, shift_of, spot_name
from simulators.feeds.video import camera_ids_for, pick_bbox
from simulators.locate import Place, locator

SOURCES = tuple(arr.CM_INSPECTOR_VIDEO_SHARE.items())
CANCEL_SHARE = 0.03
REWORK_SHARE = 0.07
VIDEO_TYPES = [t for t in cat.CM_TYPES if t.algorithm]


@lru_cache(maxsize=2048)
def _type_weights(seed: int, day: date, video: bool) -> tuple[list[cat.CmType], list[float]]:
    """Cumulative weights of the case types on `day` (share x season x weather; video AI: its algorithms only)."""
    types = VIDEO_TYPES if video else list(cat.CM_TYPES)
    return types, list(accumulate((1.0 if video else t.share) * arr.season_factor(seed, t.season, day) for t in types))


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
    """One case: (video AI: alert + confirmation) report, register, dispatch, dispose, verify, close; the centre
    registers and dispatches in its shifts (urgent cases at once), crews dispose in theirs, supervisors verify in
    the field shift."""
    day = local(at).date()
    types, cum = _type_weights(seed, day, source == "video_ai")
    if cum[-1] <= 0:  # nothing of this source is in season today (never for the year-round types)
        return []
    ctype = rng.choices(types, cum_weights=cum)[0]
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
    spot = spot_name(seed, Place(lat, lon, town, area))
    values = tx.slots(rng, town=town_name, spot=spot, urban=cat.TOWN_BY_CODE[town].kind == "urban")
    what = tx.problem(rng, ctype.name, ctype.domain)
    content = tx.fill(tx.choose(rng, tx.CM_REPORTS[source], day), {**values, "what": what})
    ev.append(
        TicketCreated(
            eid(seed, no, "create"),
            no,
            "cm",
            source,
            ctype.code,
            f"{spot}{what}",
            content,
            at,
            area_code=area,
            town_code=town,
            lat=lat,
            lon=lon,
            address=f"灵武市{town_name}{spot}",
        )
    )
    if source == "video_ai":
        ev.append(AlertReviewed(eid(seed, no, "review"), alert_id, "confirmed", at, actor="sim", ticket_no=no))
    step = [0]

    def act(action: str, when: datetime, **kw) -> datetime:
        step[0] += 1
        when = max(when, ev[-1].at + timedelta(seconds=30))
        ev.append(TicketAction(eid(seed, no, step[0], action), no, action, when, actor="sim", **kw))
        return when

    urgent = ctype.urgent
    desk = staff.DUTY if urgent else staff.FIELD  # the 数字城管 centre's shifts (urgent: the night duty)
    t = staff.add_hours(desk, at + timedelta(minutes=rng.uniform(3, 20)), rng.uniform(0.05, 0.6))
    if source != "video_ai" and rng.random() < CANCEL_SHARE:
        act("cancel", t, note="核实不属实，作废")
        return ev
    t = act("register", t, note=tx.choose(rng, tx.CM_REGISTER, day))
    due = add_limit(t, *ctype.limit)
    dept_code = ctype.dept or cat.TOWN_DEPT[town]
    dept = cat.DEPT_BY_CODE[dept_code]
    t = act(
        "dispatch",
        staff.add_hours(desk, t, rng.uniform(0.03, 0.4)),
        department_id=DEPT_ID[dept_code],
        note=tx.choose(rng, tx.CM_DISPATCH, day),
    )
    shift = shift_of(dept, urgent)
    done, _late = handle(rng, shift, t, due, dept)
    _supervise_until(rng, act, ev, due, done)
    t = act("feedback", done, note=tx.choose(rng, tx.CM_FEEDBACK, day))
    if rng.random() < REWORK_SHARE:
        t = act("rework", staff.add_hours(staff.FIELD, t, rng.uniform(0.5, 4)), note=tx.choose(rng, tx.CM_REWORK, day))
        t = act(
            "feedback",
            staff.add_hours(shift, t, rng.lognormvariate(math.log(4), 0.6)),
            note=tx.choose(rng, tx.CM_REWORK_DONE, day),
        )
    act(
        "close",
        staff.add_hours(staff.FIELD, t, rng.lognormvariate(math.log(1.5), 0.7)),
        note=tx.choose(rng, tx.CM_CLOSES, day),
    )
    return ev
