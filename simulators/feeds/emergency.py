"""Emergencies for a Lingwu year, through the write API: incidents by season (Yellow River flood season and ice run,
spring sandstorms, winter snow, 宁东 chemical and gas incidents, traffic, fires, public health, social), levels
mostly IV, some III, rare II; each runs the command lifecycle (verify, initial response, report to the county
within the hour, response level, plan activation, dispatches over the road graph with ETAs, tasks, follow-ups,
contained, recovery, close). Weather warnings (blue..red) are issued, sometimes raised, and lifted; hazard sources
are inspected on their cadence (some late); each shift hands over and the next acknowledges; a drill each quarter.
Deterministic for a seed: every event id and time comes from per-entity random streams."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import lru_cache

from data_access.emergency import catalog as C
from data_access.emergency import roads
from data_access.events import (
    DutyHandoverAcked,
    DutyHandoverNoted,
    HazardInspected,
    IncidentAction,
    IncidentReported,
    IncidentUpdate,
    WarningChanged,
    WarningIssued,
)
from simulators import catalog_emergency as ce
from simulators.common import eid, rng_for, utc
from simulators.locate import locator

PER_DAY = 0.35
# (category, kind, title template, relative frequency, months (1-12) it happens in (weight 3) else 1, team keywords,
#  town it happens in or None)
NINGDONG, MAJIATAN, LINHE = "640181103", "640181104", "640181105"
KINDS = (
    ("accident", "火灾", "{place}民房火灾", 2.4, (1, 2, 3, 4, 12), ("消防", "医疗"), None),
    ("accident", "道路交通事故", "{place}路段交通事故", 3.0, (1, 2, 11, 12), ("公安", "医疗"), None),
    ("accident", "危化品泄漏", "宁东能源化工基地危化品泄漏", 0.5, (), ("危化", "消防", "医疗"), NINGDONG),
    ("accident", "危化品爆炸", "宁东能源化工基地装置区闪爆", 0.05, (), ("危化", "消防", "医疗"), NINGDONG),
    ("accident", "燃气泄漏", "{place}燃气管道泄漏", 0.8, (1, 2, 11, 12), ("燃气", "消防"), None),
    ("accident", "供水管网爆管", "{place}供水主管爆管", 0.7, (1, 2, 12), ("供水",), None),
    ("natural", "暴雨内涝", "{place}强降雨积水", 0.9, (6, 7, 8), ("防汛", "排涝"), None),
    ("natural", "黄河洪水", "黄河灵武段洪水险情", 0.1, (7, 8, 9), ("防汛", "民兵"), LINHE),
    ("natural", "沙尘暴", "全市沙尘暴天气", 0.35, (3, 4, 5), ("应急",), None),
    ("natural", "暴雪", "{place}暴雪道路结冰", 0.3, (1, 2, 11, 12), ("公安", "抢险"), None),
    ("natural", "黄河凌汛", "黄河灵武段凌汛险情", 0.15, (1, 2, 3, 12), ("防汛", "民兵"), LINHE),
    ("health", "食物中毒", "{place}聚餐食物中毒", 0.4, (6, 7, 8, 9), ("医疗",), None),
    ("health", "传染病疫情", "{place}学校聚集性发热", 0.15, (1, 2, 11, 12), ("医疗",), None),
    ("social", "群体性事件", "{place}群众聚集讨薪", 0.4, (1, 12), ("公安",), None),
)
LEVEL_WEIGHTS = (0.0, 0.012, 0.09, 0.898)  # I, II, III, IV: I never in a simulated year, II rare
PLANS_FOR: dict[str, list[tuple[str, int, int]]] = {}  # kind -> its plans (code, worst level, mildest level)
for _code, _n, _c, _kind, _w, _m, _t in ce.PLANS:
    PLANS_FOR.setdefault(_kind, []).append((_code, _w, _m))
TASKS_FOR = {code: tasks for code, _n, _c, _k, _w, _m, tasks in ce.PLANS}

# weather warnings: (hazard, months, per-day chance in those months, colour weights blue, yellow, orange, red)
WEATHER = (
    ("sandstorm", (3, 4, 5), 0.09, (0.45, 0.35, 0.17, 0.03)),
    ("gale", (3, 4, 5, 10, 11), 0.05, (0.6, 0.35, 0.05, 0.0)),
    ("rainstorm", (6, 7, 8), 0.07, (0.45, 0.35, 0.16, 0.04)),
    ("heat", (6, 7, 8), 0.05, (0.5, 0.4, 0.1, 0.0)),
    ("snow", (1, 2, 11, 12), 0.05, (0.5, 0.35, 0.13, 0.02)),
    ("cold", (1, 11, 12), 0.04, (0.5, 0.4, 0.1, 0.0)),
    ("ice", (1, 2, 3, 12), 0.02, (0.5, 0.4, 0.1, 0.0)),
)
WEATHER_TEXT = {
    "sandstorm": (
        "沙尘暴",
        "预计未来 12 小时内将出现沙尘暴天气，能见度低于 1000 米。",
        "减少户外活动，关好门窗，驾车减速慢行。",
    ),
    "gale": ("大风", "预计未来 24 小时内将出现 7 级以上大风。", "加固临时搭建物，停止高空作业。"),
    "rainstorm": ("暴雨", "预计未来 12 小时内降雨量将达 50 毫米以上。", "远离低洼地带，注意防范城市内涝和山洪。"),
    "heat": ("高温", "预计未来 3 天最高气温将在 35℃ 以上。", "避免午后高温时段户外作业。"),
    "snow": ("暴雪", "预计未来 12 小时内降雪量将达 4 毫米以上。", "注意道路结冰，减少出行。"),
    "cold": ("寒潮", "预计未来 48 小时内气温下降 8℃ 以上。", "做好防寒保暖和设施防冻。"),
    "ice": ("黄河凌汛", "黄河灵武段流凌密度增大，局部河段可能出现卡冰壅水。", "沿河群众注意防范，远离冰面。"),
}
HOUR = timedelta(hours=1)


@lru_cache(maxsize=4)
def _resources(seed: int) -> list[dict]:
    from simulators.city import resource_rows  # why here: city imports the feeds' catalogue

    return resource_rows(seed)


def _pool(seed: int, teams: tuple[str, ...]) -> list[dict]:
    res = [r for r in _resources(seed) if r["kind"] in ("team", "vehicle", "expert")]
    return [r for r in res if any(w in r["name"] for w in teams)] or [r for r in res if r["kind"] == "team"][:3]


def _weight(kind: tuple, month: int) -> float:
    return kind[3] * (3.0 if month in kind[4] else 1.0 if not kind[4] else 0.35)


def generate(seed: int, day_local: datetime, scale: float = 1.0) -> list:
    """Everything of the emergency domain that starts on one local day (pure)."""
    key = day_local.strftime("%Y%m%d")
    out: list = []
    rng = rng_for(seed, "incidents", key)
    month = day_local.month
    season = sum(_weight(k, month) for k in KINDS) / sum(k[3] for k in KINDS)
    n = sum(1 for _ in range(8) if rng.random() < PER_DAY * scale * season / 8)
    for k in range(n):
        out += incident(seed, day_local, k)
    out += warnings(seed, day_local, scale)
    out += inspections(seed, day_local)
    out += handovers(seed, day_local)
    if day_local.day == 15 and month in (3, 6, 9, 12):
        out += incident(seed, day_local, 99, drill=True)
    return out


def incident(seed: int, day_local: datetime, k: int, *, drill: bool = False) -> list:
    key = day_local.strftime("%Y%m%d")
    r = rng_for(seed, "incident", key, k)
    if drill:
        spec = ("accident", "火灾", "综合应急演练：人民广场商场火灾", 1.0, (), ("消防", "医疗", "公安"), None)
        level = 2
    else:
        spec = r.choices(KINDS, [_weight(x, day_local.month) for x in KINDS])[0]
        level = r.choices((1, 2, 3, 4), LEVEL_WEIGHTS)[0]
    cat, kind, title, _f, _m, teams, town = spec
    p = locator(seed).random_place(r, town, core_share=0.5)
    at = utc(day_local + timedelta(seconds=r.randrange(8 * 3600, 86400) if drill else r.randrange(86400)))
    inc = eid(seed, "inc", key, k)
    ev: list = [
        IncidentReported(
            inc,
            cat,
            kind,
            min(4, level + (1 if r.random() < 0.3 else 0)),
            title.format(place=f"网格{p.area_code[-6:]}"),
            p.lat,
            p.lon,
            at,
            area_code=p.area_code,
            exercise=drill,
            actor="值班员",
        )
    ]
    first_level = ev[0].level
    step = iter(range(1000))

    def act(action: str, when: datetime, **kw) -> datetime:
        ev.append(IncidentAction(eid(seed, "inc", key, k, action, next(step)), inc, action, when, actor="值班员", **kw))
        return when

    t = act("verify", at + timedelta(minutes=r.uniform(4, 15)))
    if first_level <= 2:
        ev.append(
            IncidentUpdate(
                eid(seed, "inc", key, k, "ack"), inc, "ack", t + timedelta(minutes=1), actor="值班员", note="席位确认"
            )
        )
    t = act("initial", t + timedelta(minutes=r.uniform(3, 10)))
    late = r.random() < 0.04  # a few first reports miss their hour: they become supervision items
    county = act(
        "report",
        at + timedelta(minutes=r.uniform(62, 90) if late else r.uniform(20, 55)),
        target="county",
        note="首报：已核实，先期处置中",
    )
    t = max(t, county) + timedelta(minutes=r.uniform(2, 10))
    act("respond", t, level=first_level)
    if level < first_level:  # raised once the picture is clear
        t = act("relevel", t + timedelta(minutes=r.uniform(15, 60)), level=level, note="研判后提升响应级别")
    chain = C.CHAIN[1 : C.CHAIN_FOR_LEVEL[level]]
    up = max(t, county)
    for target in chain:
        up = act("report", up + timedelta(minutes=r.uniform(20, 100)), target=target, note="逐级上报")
    now_level = min(level, first_level)  # the level in force when the plan is activated
    plan = next((c for c, worst, mildest in PLANS_FOR.get(kind, []) if worst <= now_level <= mildest), None)
    if plan:
        activated = act("plan", t + timedelta(minutes=r.uniform(1, 5)), plan_code=plan)
        for seq, (_a, _d, minutes) in enumerate(TASKS_FOR[plan], start=1):
            done = activated + timedelta(minutes=minutes * r.uniform(0.5, 1.3))
            act("task_done", done, task_seq=seq)
    pool = _pool(seed, teams)
    sent = r.sample(pool, min(len(pool), r.randint(1, 2) + (4 - level) // 2))
    dispatched = []
    for res in sent:
        t = t + timedelta(minutes=r.uniform(1, 4))
        route = roads.route((res["lon"], res["lat"]), (p.lon, p.lat))
        eta = route.minutes if route else None
        act(
            "dispatch",
            t,
            resource_id=res["id"],
            state="dispatched",
            eta_minutes=eta,
            distance_km=route.km if route else None,
            route=route.path if route else (),
            note=res["name"],
        )
        dispatched.append((res["id"], t + timedelta(minutes=(eta or 20) * r.uniform(0.9, 1.25))))
    for rid, arrive in dispatched:
        act("dispatch_state", arrive, resource_id=rid, state="on_scene")
    scene = max([a for _r, a in dispatched] + [t])
    dur = timedelta(hours=r.lognormvariate(math.log(3 if level == 4 else 14), 0.6)) if not drill else 2 * HOUR
    handled = max(scene + timedelta(minutes=30), at + dur)
    cadence = C.FOLLOWUP[level]
    f = county + cadence * r.uniform(0.6, 0.95)
    while f < handled:
        act("followup", f, note="续报：处置进展")
        f += cadence * r.uniform(0.6, 0.95)
    if level <= 3 and not drill:
        act("casualties", scene + timedelta(minutes=20), casualties=(0, r.randint(0, 4), 0, r.randint(0, 120)))
    act("handled", handled)
    for rid, _a in dispatched:
        act("dispatch_state", handled + timedelta(minutes=r.uniform(10, 60)), resource_id=rid, state="returned")
    recover = act("recover", handled + timedelta(minutes=r.uniform(20, 120)))
    act("close", recover + timedelta(hours=r.uniform(1, 6 if level == 4 else 48)), note="评估：处置规范，总结完毕")
    return ev


def warnings(seed: int, day_local: datetime, scale: float = 1.0) -> list:
    key = day_local.strftime("%Y%m%d")
    out: list = []
    for hazard, months, chance, colors in WEATHER:
        if day_local.month not in months:
            continue
        r = rng_for(seed, "warning", key, hazard)
        if r.random() >= chance * min(scale, 3.0):
            continue
        color = r.choices(C.COLORS[::-1], colors)[0]  # weights are blue..red
        name, desc, instr = WEATHER_TEXT[hazard]
        at = utc(day_local + timedelta(hours=r.uniform(5, 20)))
        hours = r.choice((6, 12, 24, 48))
        wid = eid(seed, "warn", key, hazard)
        area = ("灵武市全境", ("640181",)) if r.random() < 0.6 else ("宁东镇、马家滩镇", ("640181103", "640181104"))
        out.append(
            WarningIssued(
                wid,
                hazard,
                color,
                f"灵武市气象台发布{name}{C_ZH[color]}预警",
                area[0],
                at,
                actor="气象台",
                description=desc,
                instruction=instr,
                area_codes=area[1],
                expires_at=at + hours * HOUR,
            )
        )
        lift_at = at + hours * HOUR * r.uniform(0.5, 0.95)
        if color != "red" and r.random() < 0.25:
            up = C.COLORS[C.COLORS.index(color) - 1]
            out.append(
                WarningChanged(
                    eid(seed, "warn", key, hazard, "up"),
                    wid,
                    "update",
                    at + hours * HOUR * 0.3,
                    actor="气象台",
                    color=up,
                )
            )
        out.append(WarningChanged(eid(seed, "warn", key, hazard, "lift"), wid, "lift", lift_at, actor="气象台"))
    return out


C_ZH = {"red": "红色", "orange": "橙色", "yellow": "黄色", "blue": "蓝色"}


def inspections(seed: int, day_local: datetime) -> list:
    """Each hazard source on its cadence (a phase per source); about one in eight is skipped and goes overdue."""
    out = []
    n = day_local.toordinal()
    for i, (_name, _kind, _level, _town, every) in enumerate(ce.HAZARDS, start=1):
        if (n + i * 7) % every:
            continue
        r = rng_for(seed, "hazard", i, n)
        if r.random() < 0.125:
            continue
        at = utc(day_local + timedelta(hours=r.uniform(9, 17)))
        out.append(HazardInspected(eid(seed, "hz", i, day_local.strftime("%Y%m%d")), i, at, actor="安全员"))
    return out


def handovers(seed: int, day_local: datetime) -> list:
    """The 08:00 and 20:00 handovers: the outgoing shift's note, acknowledged by the next within minutes."""
    out = []
    notes = (
        "本班无重大事项，各类事件均已闭环。",
        "在办事件已交接，注意跟进续报时限。",
        "夜间关注宁东基地和黄河堤防巡查情况。",
    )
    for h in (8, 20):
        r = rng_for(seed, "handover", day_local.strftime("%Y%m%d"), h)
        end = utc(day_local + timedelta(hours=h))
        start = end - timedelta(hours=12)
        hid = eid(seed, "ho", day_local.strftime("%Y%m%d"), h)
        note_at = end - timedelta(minutes=r.uniform(5, 20))
        out.append(DutyHandoverNoted(hid, start, note_at, "值班员", r.choice(notes)))
        out.append(
            DutyHandoverAcked(
                eid(seed, "ho", day_local.strftime("%Y%m%d"), h, "ack"),
                hid,
                end + timedelta(minutes=r.uniform(1, 15)),
                "接班值班员",
            )
        )
    return out
