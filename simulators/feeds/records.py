"""Real rows for the sampled data-foundation resources (simulators/data_catalog.SAMPLED): synthetic people,
shops, enterprises, hazards and relief cases with the defects real government data has, at the rates stated in
simulators/data_catalog.py. Every record is a pure function of (seed, resource, record id)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from data_access.data.checks import id_check_digit, uscc_check_char
from simulators import catalog as cat
from simulators import data_catalog as dc
from simulators.common import rng_for

SURNAMES = "王李张刘陈杨马赵黄周吴徐孙朱胡郭何高林罗海丁田冯韩杜苏白"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉梅建国红军晓东志文海燕"
SHOP_WORDS = ("便民", "鑫源", "老马家", "金穗", "惠民", "兴隆", "福满", "丰源", "灵州", "长城")
SHOP_KINDS = (("餐饮", "面馆"), ("零售", "超市"), ("服务", "理发店"), ("维修", "家电维修部"), ("其他", "文印部"))
ENT = ("化工", "煤业", "建材", "能源", "物流", "新材料", "热电", "机械")
HAZARD = (("危化品", "储罐区"), ("燃气", "调压站"), ("地质", "滑坡隐患点"), ("消防", "高层住宅"), ("其他", "废弃厂房"))
PREFIX = {"rental": "GZF", "shop": "PU", "enterprise": "QY", "hazard": "YH", "relief": "DB"}
STREETS = ("朔方路", "灵州大道", "育才巷", "文化街", "红旗路", "东塔街", "建设路")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _id_no(rng: random.Random) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    body = f"640181{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + id_check_digit(body)


def _uscc(rng: random.Random) -> str:
    alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91640181" + "".join(rng.choice(alpha) for _ in range(9))
    return body + uscc_check_char(body)


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


def _point(rng: random.Random) -> tuple[float, float]:
    return round(cat.CORE_LAT + rng.uniform(-0.05, 0.05), 6), round(cat.CORE_LON + rng.uniform(-0.06, 0.06), 6)


def _day(rng: random.Random, today: date, back: int = 3650) -> str:
    return (today - timedelta(days=rng.randrange(1, back))).isoformat()


def clean(seed: int, source_id: int, rid: str, today: date) -> dict:
    """The record as its department should hold it (no defect)."""
    kind = dc.SAMPLED[source_id]
    rng = rng_for(seed, "rec", source_id, rid)
    lat, lon = _point(rng)
    if kind == "rental":
        b = rng.randrange(1, 13)
        return {"unit_code": rid, "tenant_name": _name(rng), "id_no": _id_no(rng), "phone": _phone(rng),
                "address": f"灵武市城区公租房{b}号楼{rng.randrange(1, 6)}单元{rng.randrange(1, 7)}0{rng.randrange(1, 5)}室",
                "household": rng.randrange(1, 6), "move_in": _day(rng, today, 2500), "lat": lat, "lon": lon}  # fmt: skip
    if kind == "shop":
        cat_, noun = rng.choice(SHOP_KINDS)
        return {"shop_code": rid, "shop_name": f"{rng.choice(SHOP_WORDS)}{noun}", "credit_code": _uscc(rng),
                "operator": _name(rng), "phone": _phone(rng), "category": cat_, "licensed_on": _day(rng, today),
                "lat": lat, "lon": lon}  # fmt: skip
    if kind == "enterprise":
        lat, lon = round(38.12 + rng.uniform(-0.05, 0.05), 6), round(106.62 + rng.uniform(-0.08, 0.08), 6)  # 宁东
        return {"ent_no": rid, "credit_code": _uscc(rng), "name": f"宁夏{rng.choice(SHOP_WORDS)}{rng.choice(ENT)}有限公司",
                "contact": _name(rng), "phone": _phone(rng), "risk": rng.choice(("重大", "较大", "一般", "一般", "低")),
                "inspected_on": _day(rng, today, 400), "lat": lat, "lon": lon}  # fmt: skip
    if kind == "hazard":
        k, noun = rng.choice(HAZARD)
        return {"code": rid, "name": f"{rng.choice(STREETS)}{noun}", "kind": k, "responsible": _name(rng),
                "phone": _phone(rng), "found_on": _day(rng, today, 1500), "lat": lat, "lon": lon}  # fmt: skip
    return {"case_no": rid, "name": _name(rng), "id_no": _id_no(rng), "phone": _phone(rng),
            "address": f"灵武市{rng.choice(cat.TOWNS).name}{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
            "amount": rng.choice((420, 560, 680, 735)), "approved_on": _day(rng, today, 1800)}  # fmt: skip


def _defective(rng: random.Random, rec: dict, kind: str, factor: float, dup_of: dict) -> dict:
    """Apply the stated defects at their rates (times the department's factor)."""
    fields = {n: (t, req) for n, _l, t, req, _s in dc.SCHEMAS[kind]}
    first = dc.SCHEMAS[kind][0][0]
    r = dict(rec)
    if rng.random() < dc.DEFECTS["missing"] * factor:
        r[rng.choice([n for n, (_t, req) in fields.items() if req and n != first])] = ""
    if rng.random() < dc.DEFECTS["checksum"] * factor:
        for n, (t, _req) in fields.items():
            if t in ("id", "uscc") and r.get(n):
                last = r[n][-1]
                r[n] = r[n][:-1] + ("1" if last != "1" else "2")
    if rng.random() < dc.DEFECTS["phone"] * factor and r.get("phone"):
        r["phone"] = rng.choice((r["phone"][:10], "0951-" + r["phone"][-6:], "+86 " + r["phone"], "无"))
    if rng.random() < dc.DEFECTS["outside"] * factor and "lat" in r:
        r["lat"], r["lon"] = rng.choice(((0.0, 0.0), (r["lon"], r["lat"]), (39.9, 116.4)))
    if rng.random() < dc.DEFECTS["date"] * factor:
        for n, (t, _req) in fields.items():
            if t == "date" and r.get(n):
                r[n] = rng.choice(("1900-01-01", "2099-12-31", "2024-02-30"))
                break
    if rng.random() < dc.DEFECTS["schema"] * factor:
        enums = [n for n, (t, _req) in fields.items() if t.startswith("enum:")]
        texts = [n for n, (t, _req) in fields.items() if t in ("str", "address") and n != first and r.get(n)]
        if enums:
            r[enums[0]] = "未知类别"
        elif texts:
            r[texts[0]] = r[texts[0]].encode("utf-8").decode("latin-1")[:30]  # mojibake: read in the wrong encoding
    if rng.random() < dc.DEFECTS["duplicate"] * factor:
        key = dc.DUP_KEY[kind]
        r[key] = dup_of[key]
    return r


def record(seed: int, source_id: int, rid: str, today: date, factor: float, dup_rid: str) -> tuple[str, dict]:
    """One record as it arrives: clean, then the defects drawn for it."""
    kind = dc.SAMPLED[source_id]
    rng = rng_for(seed, "defect", source_id, rid)
    return rid, _defective(
        rng, clean(seed, source_id, rid, today), kind, factor, clean(seed, source_id, dup_rid, today)
    )


def factor(dept_code: str) -> float:
    return dc.DEPT_DEFECT_FACTOR.get(dept_code, 1.0)


def baseline(seed: int, source_id: int, dept_code: str, n: int, today: date) -> list[tuple[str, dict]]:
    """The records a sampled resource holds before the simulated window (its initial load)."""
    p, f = PREFIX[dc.SAMPLED[source_id]], factor(dept_code)
    rows = []
    for i in range(1, n + 1):
        rng = rng_for(seed, "dupof", source_id, i)
        rows.append(record(seed, source_id, f"{p}{i:07d}", today, f, f"{p}{rng.randrange(1, max(2, i)):07d}"))
    return rows


def synced(seed: int, source_id: int, dept_code: str, stamp: str, n: int, today: date) -> list[tuple[str, dict]]:
    """The `n` new records of one sync run (`stamp`: the run's local time, yyyymmddhh)."""
    p, f = PREFIX[dc.SAMPLED[source_id]], factor(dept_code)
    out = []
    for k in range(n):
        rng = rng_for(seed, "dupof", source_id, stamp, k)
        out.append(record(seed, source_id, f"{p}{stamp}{k:03d}", today, f, f"{p}{rng.randrange(1, 1000):07d}"))
    return out
