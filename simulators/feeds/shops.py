"""一铺一码: inspectors scanning a shop's code to log an inspection, citizens scanning to rate it."""

from __future__ import annotations

from datetime import datetime, timedelta

from data_access.events import ShopInspected, ShopRated
from simulators.common import eid, rng_for, utc
from simulators.feeds.arrivals import INSPECTOR_SHARE, poisson

SHOPS = 640
INSPECTIONS_PER_DAY, RATINGS_PER_DAY = 14.0, 22.0
INSPECTORS = ("市场监管所 马军", "市场监管所 李娜", "城管中队 王强", "消防大队 张伟", "卫健监督所 刘芳")
NOTES_FAIL = ("消防通道堵塞", "健康证过期", "食品储存不规范", "灭火器过期", "门前三包不到位")
COMMENTS = ("服务很好", "价格公道", "卫生一般", "态度不好", "菜品新鲜", "", "", "")


def generate(seed: int, local_hour: datetime, scale: float = 1.0) -> list:
    """Inspections (working hours) and ratings of one local hour (pure)."""
    key = local_hour.strftime("%Y%m%d%H")
    rng = rng_for(seed, "shops", key)
    out: list = []
    for k in range(poisson(rng, INSPECTIONS_PER_DAY * scale * INSPECTOR_SHARE[local_hour.hour])):
        r = rng_for(seed, "insp", key, k)
        ok = r.random() < 0.86
        out.append(
            ShopInspected(
                eid(seed, "insp", key, k),
                r.randint(1, SHOPS),
                utc(local_hour + timedelta(seconds=r.randrange(3600))),
                r.choice(INSPECTORS),
                ok,
                "" if ok else r.choice(NOTES_FAIL),
            )
        )
    share = 0.01 if local_hour.hour < 8 else 0.06
    for k in range(poisson(rng, RATINGS_PER_DAY * scale * share)):
        r = rng_for(seed, "rate", key, k)
        out.append(
            ShopRated(
                eid(seed, "rate", key, k),
                r.randint(1, SHOPS),
                utc(local_hour + timedelta(seconds=r.randrange(3600))),
                r.choices((1, 2, 3, 4, 5), (0.05, 0.05, 0.12, 0.3, 0.48))[0],
                r.choice(COMMENTS),
            )
        )
    return out
