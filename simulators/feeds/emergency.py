"""Emergencies: rare incidents by category and level (I-IV) with acknowledgement, dispatches, updates, close."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from data_access.events import IncidentReported, IncidentUpdate
from simulators.catalog_assets import RESOURCES
from simulators.common import eid, rng_for, utc
from simulators.locate import locator

PER_DAY = 0.35
# (category, kind, title template, relative frequency, team keywords)
KINDS = (
    ("accident", "火灾", "{place}民房火灾", 3.0, ("消防", "医疗")),
    ("accident", "道路交通事故", "{place}路段交通事故", 3.0, ("公安", "医疗")),
    ("accident", "危化品泄漏", "宁东化工园区危化品泄漏", 0.4, ("危化", "消防", "医疗")),
    ("accident", "燃气泄漏", "{place}燃气管道泄漏", 0.8, ("燃气", "消防")),
    ("accident", "供水管网爆管", "{place}供水主管爆管", 0.8, ("供水",)),
    ("natural", "暴雨内涝", "{place}强降雨积水", 0.8, ("防汛", "排涝")),
    ("natural", "沙尘暴", "全市沙尘天气", 0.4, ("应急",)),
    ("natural", "黄河凌汛", "黄河灵武段凌汛险情", 0.2, ("防汛", "民兵")),
    ("health", "食物中毒", "{place}聚餐食物中毒", 0.4, ("医疗",)),
    ("social", "群体性事件", "{place}群众聚集讨薪", 0.5, ("公安",)),
)
LEVEL_WEIGHTS = (0.002, 0.01, 0.09, 0.898)  # I, II, III, IV: I and II are rare


def generate(seed: int, day_local: datetime, scale: float = 1.0) -> list:
    """Incidents starting on one local day and their whole timeline (pure)."""
    key = day_local.strftime("%Y%m%d")
    rng = rng_for(seed, "incidents", key)
    n = sum(1 for _ in range(8) if rng.random() < PER_DAY * scale / 8)
    events: list = []
    for k in range(n):
        r = rng_for(seed, "incident", key, k)
        cat, kind, title, _f, teams = r.choices(KINDS, [x[3] for x in KINDS])[0]
        level = r.choices((1, 2, 3, 4), LEVEL_WEIGHTS)[0]
        p = locator(seed).random_place(r, "640181103" if "化工" in title else None, core_share=0.5)
        at = utc(day_local + timedelta(seconds=r.randrange(86400)))
        inc = eid(seed, "inc", key, k)
        place = p.area_code[-6:]
        events.append(
            IncidentReported(
                inc, cat, kind, level, title.format(place=f"网格{place}"), p.lat, p.lon, at, area_code=p.area_code
            )
        )
        t = at + timedelta(minutes=r.uniform(2, 15))
        events.append(
            IncidentUpdate(eid(seed, "inc", key, k, "ack"), inc, "ack", t, actor="值班员", note="值班室已接报")
        )
        pool = [i for i, (_k, name, _c) in enumerate(RESOURCES, start=1) if any(w in name for w in teams)] or [1]
        for j in range(r.randint(1, 3) + (4 - level)):
            t += timedelta(minutes=r.uniform(1, 10))
            events.append(
                IncidentUpdate(
                    eid(seed, "inc", key, k, "d", j),
                    inc,
                    "dispatch",
                    t,
                    resource_id=r.choice(pool),
                    eta_minutes=round(r.uniform(6, 45), 1),
                    note="调派救援力量",
                )
            )
        rep = at + timedelta(minutes=r.uniform(30, 55))  # reported up within 1 h
        events.append(
            IncidentUpdate(eid(seed, "inc", key, k, "rep"), inc, "update", max(rep, t), note="已向上级报告（1小时内）")
        )
        dur = timedelta(hours=r.lognormvariate(math.log(3 if level == 4 else 12), 0.6))
        end = max(at + dur, max(rep, t) + timedelta(minutes=40))
        events.append(
            IncidentUpdate(
                eid(seed, "inc", key, k, "upd"), inc, "update", end - (end - max(rep, t)) / 2, note="现场处置中"
            )
        )
        events.append(IncidentUpdate(eid(seed, "inc", key, k, "close"), inc, "close", end, note="处置完毕"))
    return events
