"""The static city: reference tables (grid, buildings, departments, categories, cameras, ...) inserted once per
database, and the seed they were built with (feeds with another seed would refer to places that do not exist)."""

from __future__ import annotations

import functools
import json
import math
import random
import string
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.data.checks import checks_for
from data_access.db import read_session, write_session
from data_access.models import (
    Algorithm,
    Building,
    Camera,
    Category,
    Channel,
    Community,
    DataField,
    DataRecord,
    DataSource,
    Department,
    DutyRoster,
    ElderResident,
    EmergencyPlan,
    EmergencyPlanTask,
    ExtranetFinding,
    ExtranetSite,
    ExtranetUnit,
    Gauge,
    GridArea,
    HazardSource,
    InspectionCampaign,
    ItProject,
    QualityCheck,
    RentalTenant,
    RentalUnit,
    Resource,
    Sensor,
    Shop,
    StaticCity,
    StoreItem,
    SupervisionUpload,
    VillageDisclosure,
    VillageProfile,
    WaterZone,
)
from data_access.schema import migrate
from data_access.services import codes as service_codes
from data_access.services import reports as report_catalogue
from data_access.worktime import utcnow
from data_access.writes import syncs as syncs_write
from simulators import catalog as cat
from simulators import catalog_assets as ca
from simulators import catalog_emergency as ce
from simulators import community, geo, gov, village, water
from simulators import data_catalog as dc
from simulators.feeds import records, syncs
from simulators.locate import locator

BASEMAP = Path(__file__).resolve().parent.parent / "assets" / "geo" / "basemap.json"  # tracked: the same for any seed
TOKEN_ALPHABET = "".join(c for c in string.ascii_uppercase + string.digits if c not in "0O1IL")
DEPT_ID = {d.code: i for i, d in enumerate(cat.DEPARTMENTS, start=1)}  # stable ids: feeds use them directly
TOWN_INDEX = {t.code: i for i, t in enumerate(cat.TOWNS)}


def token(rng: random.Random, n: int = 10) -> str:
    return "".join(rng.choice(TOKEN_ALPHABET) for _ in range(n))


def grid_rows(seed: int) -> list[dict]:
    out = []
    for a in locator(seed).areas:
        cx, cy = geo.centroid(a.poly)
        lon, lat = geo.to_lonlat(cx, cy)
        out.append(
            {
                "code": a.code,
                "level": a.level,
                "name": a.name,
                "parent_code": a.parent,
                "lat": lat,
                "lon": lon,
                "area_km2": round(geo.area_km2(a.poly), 4),
                "geometry": geo.polygon_geojson(a.poly),
                "simulated": True,
            }
        )
    return out


def department_rows() -> list[dict]:
    return [
        {"id": DEPT_ID[d.code], "code": d.code, "name": d.name, "kind": d.kind, "area_code": d.town_code}
        for d in cat.DEPARTMENTS
    ]


def category_rows() -> list[dict]:
    rows = [
        {
            "code": h.code,
            "stream": "hotline",
            "name": h.name,
            "domain": h.domain,
            "limit_value": h.limit[0],
            "limit_unit": h.limit[1],
            "department_id": DEPT_ID[h.dept] if h.dept else None,
            "keywords": h.keywords,
        }
        for h in cat.HOTLINE_TYPES
    ]
    rows += [
        {
            "code": c.code,
            "stream": "cm",
            "name": c.name,
            "domain": c.domain,
            "limit_value": c.limit[0],
            "limit_unit": c.limit[1],
            "department_id": DEPT_ID[c.dept] if c.dept else None,
            "keywords": c.name,
        }
        for c in cat.CM_TYPES
    ]
    return rows


def building_rows(seed: int) -> list[dict]:
    """The core's simulated footprints (about 3,000), as rows of the building table."""
    return [
        {
            "id": f["properties"]["id"],
            "kind": f["properties"]["kind"],
            "floors": f["properties"]["floors"],
            "height": f["properties"]["height"],
            "geometry": f["geometry"],
            "simulated": True,
        }
        for f in geo.buildings(seed)["features"]
    ]


def camera_rows(seed: int) -> list[dict]:
    """2,028 cameras with GB/T 28181 ids: 640181 + 0<town> + industry + 131|132 + 6 (政务网) + serial."""
    rng = random.Random(f"cameras:{seed}")
    loc = locator(seed)
    rows, serial = [], 0
    for kind in ca.CAMERA_KINDS:
        for k in range(kind.count):
            serial += 1
            if kind.kind == "enterprise" and rng.random() < 0.7:
                p = loc.random_place(rng, "640181103")
            elif kind.kind in ("xueliang", "community", "school", "hall"):
                core = {"xueliang": 0.6, "community": 0.8, "school": 0.5, "hall": 0.4}[kind.kind]
                p = loc.random_place(rng, None, core_share=core)
            else:
                p = loc.random_place(rng, rng.choice([t.code for t in cat.TOWNS[1:]]))
            town = cat.TOWN_BY_CODE[p.town_code]
            cam_id = f"{cat.COUNTY_CODE}0{TOWN_INDEX[town.code]}{kind.industry}{kind.type_code}6{serial:06d}"
            assert len(cam_id) == 20 and cam_id.isdigit()
            rows.append(
                {
                    "id": cam_id,
                    "name": f"{town.name}{kind.label}{k + 1:03d}",
                    "kind": kind.kind,
                    "group_name": f"{town.name}/{kind.label}",
                    "town_code": town.code,
                    "area_code": p.area_code,
                    "lat": p.lat,
                    "lon": p.lon,
                    "heading": float(rng.randrange(0, 360, 5)),
                    "view_angle": float(rng.choice((45, 60, 75, 90, 110))),
                    "range_m": float(rng.choice((80, 120, 150, 200, 300))),
                    "online": True,
                    "quality_fault": None,
                    "status_at": None,
                }
            )
    return rows


def algorithm_rows() -> list[dict]:
    return [{"code": c, "name": n, "category": k, "severity": s} for c, n, k, s, _fp, _f in ca.ALGORITHMS]


def sensor_rows(seed: int) -> list[dict]:
    rng = random.Random(f"sensors:{seed}")
    loc, rows = locator(seed), []
    for kind, label, unit, low, high, _nominal, count in ca.SENSOR_KINDS:
        for k in range(1, count + 1):
            if kind == "river":
                lon, lat = (106.24, 37.99) if k == 1 else (106.28, 38.11) if k == 2 else (106.33, 38.23)
                town = loc.place(*geo.to_xy(lon, lat)).town_code
            else:
                p = loc.random_place(
                    rng, None, core_share=0.9 if kind in ("pressure", "waterlog", "flow", "chlorine") else 0.3
                )
                lat, lon, town = p.lat, p.lon, p.town_code
            rows.append(
                {
                    "id": f"WS-{kind[:3].upper()}-{k:03d}",
                    "kind": kind,
                    "name": f"{label}监测点{k:02d}",
                    "unit": unit,
                    "low": low,
                    "high": high,
                    "town_code": town,
                    "lat": lat,
                    "lon": lon,
                    "last_value": None,
                    "last_at": None,
                }
            )
    return rows


def resource_rows(seed: int) -> list[dict]:
    rng = random.Random(f"resources:{seed}")
    loc, rows = locator(seed), []
    for i, (kind, name, cap) in enumerate(ca.RESOURCES, start=1):
        town = "640181103" if "宁东" in name else "640181104" if "马家滩" in name else None
        p = loc.random_place(rng, town, core_share=0.7)
        rows.append(
            {"id": i, "kind": kind, "name": name, "town_code": p.town_code, "lat": p.lat, "lon": p.lon, "capacity": cap}
            | ce.resource_extra(kind, name, cap)
        )
    return rows


SHOP_TRADES = ("餐饮", "便利店", "美容美发", "服装", "五金建材", "药店", "烟酒", "水果生鲜", "维修", "网吧", "宾馆")
STREETS = ("灵武大道", "朔方路", "西夏路", "东塔街", "文化街", "鼓楼街", "长城路", "枣园路", "新华街", "灵州路")


def shop_rows(seed: int, count: int = 640) -> list[dict]:
    rng = random.Random(f"shops:{seed}")
    loc, rows = locator(seed), []
    for i in range(1, count + 1):
        p = loc.random_place(rng, None, core_share=0.85)
        trade = rng.choice(SHOP_TRADES)
        street = rng.choice(STREETS)
        rows.append(
            {
                "id": i,
                "token": f"S{token(rng)}",
                "name": f"{rng.choice('鑫盛福兴隆顺泰和')}{rng.choice('源记家坊')}{trade}",
                "trade": trade,
                "area_code": p.area_code,
                "lat": p.lat,
                "lon": p.lon,
                "address": f"灵武市{street}{rng.randint(1, 399)}号",
                **shop_licence(seed, i, trade),
            }
        )
    return rows


TRADE_SCOPE = {
    "餐饮": "热食类食品制售；冷食类食品制售",
    "便利店": "预包装食品、日用百货零售",
    "美容美发": "美发服务；生活美容服务",
    "服装": "服装鞋帽零售",
    "五金建材": "五金产品、建筑材料零售",
    "药店": "处方药、非处方药零售；医疗器械零售",
    "烟酒": "卷烟零售；酒类零售",
    "水果生鲜": "新鲜水果、蔬菜、肉禽蛋零售",
    "维修": "家用电器、电动车维修",
    "网吧": "互联网上网服务",
    "宾馆": "住宿服务",
}


def shop_licence(seed: int, shop_id: int, trade: str) -> dict:
    """The shop's public licence fields (its own random stream: the other columns keep their values)."""
    r = random.Random(f"shoplic:{seed}:{shop_id}")
    state = r.random()
    until = None if state < 0.03 else date(2026, 1, 1) + timedelta(days=r.randint(-120, 5 * 365))
    code = "".join(r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
    return {
        "scope": TRADE_SCOPE.get(trade, trade),
        "licence_no": None if until is None else f"92640181{code}",
        "licence_until": until,
    }


def rental_rows(seed: int, count: int = 520) -> list[dict]:
    rng = random.Random(f"rental:{seed}")
    loc, rows = locator(seed), []
    for b in range(1, count // 40 + 1):
        p = loc.random_place(rng, None, core_share=1.0)
        for u in range(40):
            rows.append(
                {
                    "id": (b - 1) * 40 + u + 1,
                    "token": f"R{token(rng)}",
                    "building": f"公租房{b}号楼",
                    "unit_no": f"{u // 8 + 1}-{u % 8 + 1:02d}",
                    "area_code": p.area_code,
                    "lat": p.lat,
                    "lon": p.lon,
                    "occupied": rng.random() < 0.92,
                }
            )
    return rows


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华兰玉萍红鹏飞鑫宇浩然欣怡子涵梓轩雨泽晨"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def synthetic_id_no(rng: random.Random) -> str:
    birth = date(1950, 1, 1) + timedelta(days=rng.randint(0, 50 * 365))
    body = f"640181{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def rental_tenant_rows(seed: int) -> list[dict]:
    """一户一码: the register of the occupied units (synthetic people); about 6 % of them are not registered yet."""
    rng = random.Random(f"tenants:{seed}")
    rows = []
    for u in rental_rows(seed):
        if not u["occupied"] or rng.random() < 0.06:
            continue
        moved_in = date(2026, 11, 30) - timedelta(days=rng.randint(10, 900))
        rows.append(
            {
                "id": len(rows) + 1,
                "unit_id": u["id"],
                "name": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                "phone": f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
                "id_no": synthetic_id_no(rng),
                "people": rng.choice((1, 1, 2, 2, 3, 3, 4, 5)),
                "moved_in_on": moved_in,
                "registered_at": datetime.combine(moved_in + timedelta(days=rng.randint(0, 2)), datetime.min.time()),
                "registered_by": "住房保障中心",
                "moved_out_on": None,
                "moved_out_by": None,
            }
        )
    return rows


def extranet_rows(seed: int) -> list[dict]:
    rng = random.Random(f"extranet:{seed}")
    rows = []
    for i, name in enumerate(ca.EXTRANET_UNITS, start=1):
        findings = rng.choice((0, 0, 1, 1, 2, 3, 5))
        rows.append(
            {"id": i, "name": name, "findings": findings, "rectified": max(0, findings - rng.choice((0, 0, 0, 1)))}
        )
    return rows


@functools.cache
def _baseline_counts(seed: int) -> tuple[int, ...]:
    """Each resource's records before the calibration window, by largest remainder over the shares, so that the
    window's syncs bring the total to exactly 1,867,000."""
    added = syncs.added_records(seed, cat.CAL_START, cat.CAL_END)
    baseline = cat.DATA_RECORDS_TARGET - sum(added.values())
    shares = [s[3] for s in ca.DATA_SOURCES]
    total = sum(shares)
    ideal = [baseline * s / total for s in shares]
    counts = [math.floor(x) for x in ideal]
    order = sorted(range(len(ideal)), key=lambda i: counts[i] - ideal[i])  # largest remainder first
    for i in order[: baseline - sum(counts)]:
        counts[i] += 1
    return tuple(counts)


def data_source_rows(seed: int) -> list[dict]:
    """The catalogue's resources with their baseline counts (_baseline_counts) and catalogue metadata."""
    counts = _baseline_counts(seed)
    out = []
    for i, (name, dept, cad, _s) in enumerate(ca.DATA_SOURCES, start=1):
        fmt, share, open_, tags, desc = dc.meta(i)
        out.append(
            {
                "id": i,
                "name": name,
                "department_id": DEPT_ID[dept],
                "cadence": cad,
                "records": 0 if i in dc.SAMPLED else counts[i - 1],  # sampled: their initial load counts the rows
                "last_sync_at": None,
                "description": desc,
                "format": fmt,
                "share_class": share,
                "open_class": open_,
                "tags": ",".join(tags),
                "sampled": i in dc.SAMPLED,
            }
        )
    return out


def data_field_rows(_seed: int) -> list[dict]:
    rows = []
    for sid, kind in sorted(dc.SAMPLED.items()):
        for pos, (name, label, type_, req, sens) in enumerate(dc.SCHEMAS[kind], start=1):
            rows.append(
                {"id": len(rows) + 1, "source_id": sid, "position": pos, "name": name, "label": label, "type": type_,
                 "required": req, "sensitive": sens}
            )  # fmt: skip
    return rows


def quality_check_rows(_seed: int) -> list[dict]:
    """Every resource's checks as data (data_access/data/checks.checks_for)."""
    rows = []
    for sid in range(1, len(ca.DATA_SOURCES) + 1):
        kind = dc.SAMPLED.get(sid)
        fields = [(n, t, req) for n, _l, t, req, _s in dc.SCHEMAS[kind]] if kind else []
        for c in checks_for(fields, dc.DUP_KEY[kind] if kind else None):
            rows.append(
                {"id": len(rows) + 1, "source_id": sid, "code": c.code, "dimension": c.dimension, "rule": c.rule,
                 "fields": ",".join(c.fields), "params": c.params or {}, "checked": 0, "failed": 0}
            )  # fmt: skip
    return rows


LOAD_AT = datetime(2023, 12, 31, 16, 0)  # the sampled resources' initial load (local 2024-01-01 00:00)


def load_sampled(session: Session, seed: int) -> None:
    """The sampled resources' baseline records, stored and checked through the write API (once per database)."""
    if session.scalar(select(func.count()).select_from(DataRecord)):
        return
    counts = _baseline_counts(seed)
    for sid in sorted(dc.SAMPLED):
        if not session.scalar(select(DataSource.sampled).where(DataSource.id == sid)):
            continue  # a database seeded before resources kept rows: its counts already include them
        dept = ca.DATA_SOURCES[sid - 1][1]
        rows = records.baseline(seed, sid, dept, counts[sid - 1], cat.CAL_START)
        syncs_write.initial_load(session, sid, rows, LOAD_AT)


TABLES = (
    (GridArea, grid_rows),
    (Building, building_rows),
    (Department, lambda s: department_rows()),
    (Channel, lambda s: [{"code": c, "name": n} for c, n in cat.CHANNELS]),
    (Category, lambda s: category_rows()),
    (Algorithm, lambda s: algorithm_rows()),
    (Camera, camera_rows),
    (Sensor, sensor_rows),
    (WaterZone, water.zone_rows),
    (Community, community.community_rows),
    (ElderResident, community.resident_rows),
    (VillageProfile, village.profile_rows),
    (VillageDisclosure, village.disclosure_rows),
    (Resource, resource_rows),
    (Shop, shop_rows),
    (RentalUnit, rental_rows),
    (RentalTenant, rental_tenant_rows),
    (ExtranetUnit, extranet_rows),
    (DataSource, data_source_rows),
    (EmergencyPlan, ce.plan_rows),
    (EmergencyPlanTask, ce.plan_task_rows),
    (HazardSource, ce.hazard_rows),
    (StoreItem, lambda s: ce.store_item_rows(s, resource_rows(s))),
    (DutyRoster, ce.roster_rows),
    (DataField, data_field_rows),
    (QualityCheck, quality_check_rows),
    (ExtranetSite, gov.site_rows),
    (InspectionCampaign, gov.campaign_rows),
    (ExtranetFinding, gov.finding_rows),
    (SupervisionUpload, gov.upload_rows),
    (ItProject, gov.project_rows),
)


class SeedMismatch(ValueError):
    """The database's static city was built with another seed than the one asked for."""


def basemap_text() -> str:
    """The offline base map as stored in assets/geo/basemap.json (deterministic: it does not depend on the seed)."""
    return json.dumps(geo.basemap(), ensure_ascii=False, separators=(",", ":"))


def write_basemap(path: Path = BASEMAP) -> None:
    """Regenerate the tracked base map after a change to simulators/geo.py (a developer's step, never the seed's)."""
    path.write_text(basemap_text(), encoding="utf-8")


def recorded_seed(url: str) -> int | None:
    """The seed the (migrated) database's static city was built with; None before the first seed step."""
    with read_session(url) as session:
        return session.scalar(select(StaticCity.seed).where(StaticCity.id == 1))


def check_seed(url: str, seed: int) -> None:
    """Raise SeedMismatch when the database's static city was built with another seed (feeds would not fit it)."""
    built = recorded_seed(url)
    if built is not None and built != seed:
        raise SeedMismatch(mismatch(built, seed))


def mismatch(built: int, seed: int) -> str:
    return (
        f"this database's static city was built with seed {built}, not {seed}: its grid cells, cameras and shops "
        f"differ. Use --seed {built} (or leave --seed out), or start from a fresh database (CC_DATABASE_URL)"
    )


def _fits(session: Session, seed: int) -> bool:
    """Whether the grid cells and cameras already in the database (if any) are the ones `seed` builds."""
    areas = set(session.scalars(select(GridArea.code)))
    cameras = set(session.scalars(select(Camera.id)))
    return (not areas or areas == {a.code for a in locator(seed).areas}) and (
        not cameras or cameras == {r["id"] for r in camera_rows(seed)}
    )


def seed(url: str, seed: int = 1) -> None:
    """Create the schema and insert the static city built from `seed`; tables that already hold rows are left as
    they are. A database whose static city was built with another seed raises SeedMismatch and is not touched
    (one seeded before the seed was recorded adopts this one if its grid and cameras are this seed's)."""
    migrate(url)
    with write_session(url) as session:
        built = session.get(StaticCity, 1)
        if built is not None and built.seed != seed:
            raise SeedMismatch(mismatch(built.seed, seed))
        if built is None:
            if not _fits(session, seed):
                raise SeedMismatch(
                    f"this database's static city (seeded before its seed was recorded) was not built with seed "
                    f"{seed}: pass the --seed it was built with, or start from a fresh database (CC_DATABASE_URL)"
                )
            session.add(StaticCity(id=1, seed=seed, built_at=utcnow()))
        for model, build in TABLES:
            if session.scalar(select(func.count()).select_from(model)):
                continue
            rows = build(seed)
            if model is GridArea:  # parents first (foreign key)
                rows.sort(key=lambda r: r["level"])
            for i in range(0, len(rows), 1000):
                session.execute(model.__table__.insert(), rows[i : i + 1000])
            if model is Camera:  # the write API moves this gauge on every status change; start it here
                per_town = Counter(r["town_code"] for r in rows)
                session.execute(
                    Gauge.__table__.insert(),
                    [
                        {"subject": "camera", "key": "online", "department_id": 0, "area_code": t, "n": n}
                        for t, n in sorted(per_town.items())
                    ],
                )
        session.flush()
        load_sampled(session, seed)
        service_codes.issue_missing(session, utcnow())  # 一铺一码 / 一户一码: random tokens, never from the seed
        report_catalogue.ensure_catalogue(session)  # 统一报表: the field dictionary and the report templates
