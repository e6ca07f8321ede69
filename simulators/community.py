"""Smart community feed: the communities' register counts, the elderly living alone on their care watch lists, and
their signs of life (water used in an hour, door accesses), with spells that silence them: away (visiting family:
the care rule's false alarm) or a fall at home (a true alarm). A simulated community worker answers each silence
the rule flags: a check raised an hour after it fires, closed three hours later with the outcome the spell implies.
Pure functions of (seed, resident, day); names and phones are synthetic (all fake, masked on display)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from functools import lru_cache

from data_access.events import CareCheckClosed, CareCheckRaised, ResidentActivityIn
from simulators.common import LOCAL, eid, rng_for

PER_COMMUNITY = 6  # elderly living alone on each community's watch list
AWAY_PER_DAY = 0.025  # a spell away from home starts (1-3 days)
FALL_PER_DAY = 0.004  # a fall at home: silent until a worker comes
RULE_HOURS = 24  # no water and no door access for this long raises a check
WORKER = "网格员(模拟)"


@lru_cache(maxsize=4)
def _communities(seed: int) -> list[dict]:
    from simulators.city import locator  # why: city imports this module's rows; keep the import one-way

    areas = [a for a in locator(seed).villages if a.name.endswith("社区")]
    return [{"code": a.code, "name": a.name} for a in sorted(areas, key=lambda a: a.code)]


def community_rows(seed: int) -> list[dict]:
    """The community table: register counts of 人、地、物、事、组织 (synthetic, plausible for an urban community)."""
    rows = []
    for c in _communities(seed):
        rng = random.Random(f"community:{seed}:{c['code']}")
        households = rng.randrange(1800, 4800, 10)
        rows.append(
            {
                "code": c["code"],
                "households": households,
                "residents": int(households * rng.uniform(2.4, 2.9)),
                "houses": rng.randrange(40, 160),
                "places": rng.randrange(60, 220),
                "facilities": rng.randrange(120, 480),
                "organisations": rng.randrange(8, 30),
            }
        )
    return rows


def resident_rows(seed: int) -> list[dict]:
    """The elderly living alone on each community's watch list (synthetic people)."""
    from simulators.city import locator
    from simulators.feeds.hotline import citizen

    loc = locator(seed)
    cells = {code: [a.code for a in areas] for code, areas in loc.cells_of.items()}
    rows, rid = [], 0
    for c in _communities(seed):
        rng = random.Random(f"elders:{seed}:{c['code']}")
        for _ in range(PER_COMMUNITY):
            rid += 1
            name, phone, _id_no = citizen(rng)
            grid = rng.choice(sorted(cells.get(c["code"], [c["code"]])))
            address = f"灵武市{c['name']}{rng.randrange(1, 30)}号楼{rng.randrange(1, 5)}单元{rng.randrange(1, 7)}0{rng.randrange(1, 4)}室"
            rows.append(
                {"id": rid, "community_code": c["code"], "grid_code": grid, "name": name, "phone": phone,
                 "address": address, "birth_year": rng.randrange(1932, 1956), "last_water_at": None,
                 "last_door_at": None}
            )  # fmt: skip
    return rows


@lru_cache(maxsize=8192)
def _spell(seed: int, rid: int, day: date) -> tuple[str, datetime, datetime] | None:
    """A spell starting on local `day`: (away | fall, start UTC, end UTC)."""
    rng = rng_for(seed, "elder-spell", rid, day.isoformat())
    x = rng.random()
    start = datetime(day.year, day.month, day.day, rng.randrange(8, 18)) - LOCAL
    if x < FALL_PER_DAY:
        return ("fall", start, start + timedelta(hours=RULE_HOURS + 6))  # until the worker's visit
    if x < FALL_PER_DAY + AWAY_PER_DAY:
        return ("away", start, start + timedelta(days=rng.choice((1, 2, 2, 3))))
    return None


def _silent(seed: int, rid: int, at: datetime) -> tuple[str, datetime, datetime] | None:
    day = (at + LOCAL).date()
    for back in range(4):
        sp = _spell(seed, rid, day - timedelta(days=back))
        if sp is not None and sp[1] <= at < sp[2]:
            return sp
    return None


def activity(seed: int, rid: int, day: date) -> list[ResidentActivityIn]:
    """A resident's signs of life on local `day`: water in most waking hours, one to three door accesses."""
    rng = rng_for(seed, "elder-day", rid, day.isoformat())
    base = datetime(day.year, day.month, day.day) - LOCAL
    out = []
    for h in range(6, 22):
        at = base + timedelta(hours=h)
        if rng.random() < 0.55 and _silent(seed, rid, at) is None:
            out.append(ResidentActivityIn(rid, "water", at))
    for _ in range(rng.choice((1, 2, 2, 3))):
        at = base + timedelta(hours=rng.randrange(8, 19), minutes=rng.randrange(60))
        if _silent(seed, rid, at) is None:
            out.append(ResidentActivityIn(rid, "door", at))
    return out


def generate(seed: int, day: date) -> list:
    """Everything of local `day`: every watched resident's signs of life, and the simulated worker's checks for
    the spells starting that day (raised when the rule fires, an hour late; closed three hours later)."""
    out: list = []
    for r in resident_rows_cached(seed):
        rid = r["id"]
        out += activity(seed, rid, day)
        sp = _spell(seed, rid, day)
        if sp is None:
            continue
        kind, start, end = sp
        fires = start + timedelta(hours=RULE_HOURS)
        if end <= fires:  # back before the rule fires: nothing to check
            continue
        check = eid(seed, "care", rid, start.isoformat())
        out.append(CareCheckRaised(check, rid, fires + timedelta(hours=1), "rule", WORKER))
        out.append(
            CareCheckClosed(
                eid(seed, "care-close", rid, start.isoformat()),
                check,
                fires + timedelta(hours=4),
                "helped" if kind == "fall" else "away",
                "已上门" if kind == "fall" else "电话联系家属，老人外出",
                WORKER,
            )
        )
    return out


@lru_cache(maxsize=4)
def resident_rows_cached(seed: int) -> tuple[dict, ...]:
    return tuple(resident_rows(seed))
