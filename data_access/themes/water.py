"""Water affairs reads (/theme/water): supply zones and their inflow against the forecast band, burst and leak
alarms, water quality against GB 5749-2022, the Yellow River against its warning levels, waterlogging points with
the rain on them, and the alerts an officer may turn into work orders. No personal data anywhere here.

Never reads water_leak_truth (the simulator's ground truth): that is data_access/themes/water_truth.py, for the
bench only.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Sensor, SensorReading, WaterAlertOrder, WaterZone
from data_access.themes import detect

HISTORY = timedelta(weeks=13)  # 12 weeks of forecast plus the week shown
RECENT = timedelta(days=7)  # alarms detected this recently are listed (active ones always)
LARGE_SHARE = 0.15  # an excess of this share of the zone's mean demand takes the wall over

# GB 5749-2022 生活饮用水卫生标准, the limits of the parameters measured here (a sensor's kind -> limit text)
QUALITY = {
    "quality": ("浑浊度", "NTU", "≤ 1 NTU"),
    "chlorine": ("游离氯（管网末梢）", "mg/L", "≥ 0.05 mg/L, ≤ 2 mg/L"),
    "ph": ("pH", "", "6.5 – 8.5"),
}
# Yellow River stations (synthetic levels, labelled so): 警戒水位 (warning) and 保证水位 (guaranteed) in m a.s.l.
RIVER_WARNING, RIVER_GUARANTEE = 1107.0, 1108.5
# waterlogging: rain intensity (mm/h) and depth (cm) that turn a point amber / red (短时强降水: >= 20 mm/h)
RAIN_AMBER, RAIN_RED = 10.0, 20.0
DEPTH_AMBER, DEPTH_RED = 5.0, 15.0

ALERT_COLUMNS = ["key", "kind", "subject", "name", "at", "value", "limit", "excess", "large", "active", "ticket_no"]


def zone_flows(session: Session, since: datetime, until: datetime | None = None) -> pd.DataFrame:
    """Columns zone, at, flow: each zone's metered inflow readings (m3/h) since `since`."""
    q = (
        select(WaterZone.code, SensorReading.at, SensorReading.value)
        .join(SensorReading, SensorReading.sensor_id == WaterZone.flow_sensor_id)
        .where(SensorReading.at >= since)
    )
    if until is not None:
        q = q.where(SensorReading.at < until)
    return pd.DataFrame(session.execute(q).all(), columns=["zone", "at", "flow"])


def _orders(session: Session) -> dict[str, str]:
    return dict(session.execute(select(WaterAlertOrder.alert_key, WaterAlertOrder.ticket_no)).all())


def alarm_key(zone: str, start: datetime) -> str:
    return f"water:{zone}:{start:%Y%m%d%H}"


def detections(session: Session, now: datetime, flows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Burst and leak alarms of the band detector, detected in the last 7 days or still running. Columns: key,
    zone, name, start, detected_at, end, active, peak_factor, excess, kind, base_flow, large, ticket_no."""
    cols = ["key", "zone", "name", "start", "detected_at", "end", "active", "peak_factor", "excess", "kind",
            "base_flow", "large", "ticket_no", "lat", "lon"]  # fmt: skip
    flows = zone_flows(session, now - HISTORY, now + timedelta(seconds=1)) if flows is None else flows
    runs = detect.detect(flows, methods=("band",))
    if runs.empty:
        return pd.DataFrame(columns=cols)
    runs = runs[(runs["detected_at"] >= now - RECENT) | runs["active"]]
    zones = {z.code: z for z in session.scalars(select(WaterZone))}
    orders = _orders(session)
    out = []
    for rec in runs.to_dict("records"):
        z = zones[rec["zone"]]
        key = alarm_key(z.code, rec["start"])
        out.append(
            {**rec, "key": key, "name": z.name, "base_flow": z.base_flow, "lat": z.lat, "lon": z.lon,
             "large": rec["excess"] >= LARGE_SHARE * z.base_flow, "ticket_no": orders.get(key)}
        )  # fmt: skip
    return pd.DataFrame(out, columns=cols).sort_values("detected_at", ascending=False).reset_index(drop=True)


def zones(session: Session, now: datetime, band: pd.DataFrame | None = None) -> pd.DataFrame:
    """Columns code, name, lat, lon, base_flow, households, flow, expected, upper, factor, pressure, p_low, p_high,
    state (ok | high | silent): each zone now (the last hour with a reading and its forecast)."""
    cols = ["code", "name", "lat", "lon", "base_flow", "households", "flow", "expected", "upper", "factor",
            "pressure", "p_low", "p_high", "state"]  # fmt: skip
    rows = session.execute(select(WaterZone, Sensor).outerjoin(Sensor, Sensor.id == WaterZone.pressure_sensor_id))
    if band is None:
        band = detect.band(zone_flows(session, now - HISTORY, now + timedelta(seconds=1)))
    last = band.dropna(subset=["flow"]).sort_values("at").groupby("zone").tail(1).set_index("zone")
    out = []
    for z, p in rows.all():
        rec = last.loc[z.code] if z.code in last.index else None
        fresh = rec is not None and now - pd.Timestamp(rec["at"]).to_pydatetime() <= timedelta(hours=3)
        factor = None if rec is None or pd.isna(rec["factor"]) else float(rec["factor"])
        state = "silent" if not fresh else ("high" if factor is not None and factor > 1 else "ok")
        out.append(
            {
                "code": z.code,
                "name": z.name,
                "lat": z.lat,
                "lon": z.lon,
                "base_flow": z.base_flow,
                "households": z.households,
                "flow": None if rec is None else float(rec["flow"]),
                "expected": None if rec is None or pd.isna(rec["expected"]) else float(rec["expected"]),
                "upper": None if rec is None or pd.isna(rec["upper"]) else float(rec["upper"]),
                "factor": factor,
                "pressure": p.last_value if p else None,
                "p_low": p.low if p else None,
                "p_high": p.high if p else None,
                "state": state,
            }
        )
    return pd.DataFrame(out, columns=cols).sort_values("code").reset_index(drop=True)


def zone_band(band: pd.DataFrame, now: datetime, hours: int = 72) -> pd.DataFrame:
    """The last `hours` of every zone's flow with its expected value and band (columns of detect.band)."""
    if band.empty:
        return band
    return band[pd.to_datetime(band["at"]) >= pd.Timestamp(now - timedelta(hours=hours))].reset_index(drop=True)


def _last_readings(session: Session, ids: list[str], since: datetime) -> dict[str, list[tuple[datetime, float]]]:
    """Each sensor's readings since `since`, newest first."""
    out: dict[str, list[tuple[datetime, float]]] = {i: [] for i in ids}
    if not ids:
        return out
    q = (
        select(SensorReading.sensor_id, SensorReading.at, SensorReading.value)
        .where(SensorReading.sensor_id.in_(ids), SensorReading.at >= since)
        .order_by(SensorReading.at.desc())
    )
    for sid, at, v in session.execute(q):
        out[sid].append((at, v))
    return out


def _outside(v: float, low: float, high: float, kind: str) -> bool:
    if kind == "quality":  # turbidity has an upper limit only
        return v > high
    return not (low <= v <= high)


def _far_outside(v: float, low: float, high: float, kind: str) -> bool:
    """An exceedance large enough to take the wall over."""
    if kind == "ph":
        return v < low - 0.5 or v > high + 0.5
    if kind == "quality":
        return v > 2 * high
    return v < low / 2 or v > high * 1.5


def quality(session: Session, now: datetime) -> pd.DataFrame:
    """Columns id, kind, name, param, unit, limit, value, at, state (ok | exceeded | spike | silent), since: every
    water-quality sensor's last reading against its GB 5749-2022 limit. exceeded: the last two readings outside the
    limit (one alone is a spike, shown but not alerted); since: the first reading of the current exceedance."""
    cols = ["id", "kind", "name", "param", "unit", "limit", "value", "at", "state", "since", "low", "high", "large"]
    sensors = list(session.scalars(select(Sensor).where(Sensor.kind.in_(list(QUALITY))).order_by(Sensor.id)))
    recent = _last_readings(session, [s.id for s in sensors], now - timedelta(hours=3))
    out = []
    for s in sensors:
        param, unit, limit = QUALITY[s.kind]
        vals = [(at, v) for at, v in recent[s.id] if at <= now]
        state, since = "silent", None
        value, at = (vals[0][1], vals[0][0]) if vals else (s.last_value, s.last_at)
        if vals and now - vals[0][0] <= timedelta(hours=2):
            bad = [_outside(v, s.low, s.high, s.kind) for _, v in vals]
            if len(bad) >= 2 and bad[0] and bad[1]:
                state = "exceeded"
                n = next((i for i, b in enumerate(bad) if not b), len(bad))
                since = vals[n - 1][0]
            else:
                state = "spike" if bad[0] else "ok"
        large = state == "exceeded" and value is not None and _far_outside(value, s.low, s.high, s.kind)
        out.append(
            {"id": s.id, "kind": s.kind, "name": s.name, "param": param, "unit": unit, "limit": limit,
             "value": value, "at": at, "state": state, "since": since, "low": s.low, "high": s.high, "large": large}
        )  # fmt: skip
    return pd.DataFrame(out, columns=cols)


def quality_key(sensor_id: str, since: datetime) -> str:
    return f"quality:{sensor_id}:{since:%Y%m%d%H%M}"


def alerts(session: Session, now: datetime, det: pd.DataFrame | None = None, q: pd.DataFrame | None = None):
    """Every water alert (ALERT_COLUMNS): burst and leak alarms, and quality exceedances, newest first; ticket_no is
    the work order it became (None: not yet)."""
    det = detections(session, now) if det is None else det
    q = quality(session, now) if q is None else q
    orders = _orders(session)
    rows = [
        {"key": r["key"], "kind": r["kind"], "subject": r["zone"], "name": r["name"], "at": r["detected_at"],
         "value": r["excess"], "limit": None, "excess": r["excess"], "large": bool(r["large"]),
         "active": bool(r["active"]), "ticket_no": r["ticket_no"]}
        for r in det.to_dict("records")
    ]  # fmt: skip
    for r in q[q["state"] == "exceeded"].to_dict("records"):
        key = quality_key(r["id"], r["since"])
        rows.append(
            {"key": key, "kind": "quality", "subject": r["id"], "name": f"{r['name']} · {r['param']}",
             "at": r["since"], "value": r["value"], "limit": r["limit"], "excess": None, "large": bool(r["large"]),
             "active": True, "ticket_no": orders.get(key)}
        )  # fmt: skip
    df = pd.DataFrame(rows, columns=ALERT_COLUMNS)
    return df.sort_values("at", ascending=False).reset_index(drop=True) if not df.empty else df


def river(session: Session) -> pd.DataFrame:
    """Columns id, name, level, at, warning, guarantee, state (ok | warning | danger | silent): the Yellow River
    stations against their warning levels."""
    rows = session.scalars(select(Sensor).where(Sensor.kind == "river").order_by(Sensor.id))
    out = []
    for s in rows:
        v = s.last_value
        state = (
            "silent" if v is None else "danger" if v >= RIVER_GUARANTEE else "warning" if v >= RIVER_WARNING else "ok"
        )
        out.append(
            {"id": s.id, "name": s.name, "level": v, "at": s.last_at, "warning": RIVER_WARNING,
             "guarantee": RIVER_GUARANTEE, "state": state}
        )  # fmt: skip
    return pd.DataFrame(out, columns=["id", "name", "level", "at", "warning", "guarantee", "state"])


def waterlog(session: Session) -> pd.DataFrame:
    """Columns id, name, lat, lon, depth, rain, gauge, state (ok | amber | red): each waterlogging point with the
    rain intensity at its nearest rain gauge; amber from 10 mm/h or 5 cm, red from 20 mm/h or 15 cm."""
    sensors = list(session.scalars(select(Sensor).where(Sensor.kind.in_(["waterlog", "rain"])).order_by(Sensor.id)))
    gauges = [s for s in sensors if s.kind == "rain"]
    out = []
    for s in sensors:
        if s.kind != "waterlog":
            continue
        g = min(gauges, key=lambda x: math.hypot(x.lat - s.lat, x.lon - s.lon)) if gauges else None
        rain = g.last_value if g and g.last_value is not None else 0.0
        depth = s.last_value or 0.0
        state = (
            "red" if rain >= RAIN_RED or depth >= DEPTH_RED else "amber" if rain >= RAIN_AMBER or depth >= DEPTH_AMBER
            else "ok"
        )  # fmt: skip
        out.append(
            {"id": s.id, "name": s.name, "lat": s.lat, "lon": s.lon, "depth": depth, "rain": rain,
             "gauge": g.name if g else "", "state": state}
        )  # fmt: skip
    return pd.DataFrame(out, columns=["id", "name", "lat", "lon", "depth", "rain", "gauge", "state"])


def overview(session: Session, now: datetime) -> dict[str, pd.DataFrame]:
    """Everything the water page shows, from one read of the flows: zones, band (last 72 h), detections, quality,
    alerts, river, waterlog."""
    flows = zone_flows(session, now - HISTORY, now + timedelta(seconds=1))
    b = detect.band(flows)
    det = detections(session, now, flows)
    q = quality(session, now)
    return {
        "zones": zones(session, now, b),
        "band": zone_band(b, now),
        "detections": det,
        "quality": q,
        "alerts": alerts(session, now, det, q),
        "river": river(session),
        "waterlog": waterlog(session),
    }


def alarm_rows(session: Session, now: datetime) -> list[dict]:
    """Water alarms for the wall's takeover: large bursts and leaks still running and large quality exceedances,
    until they become a work order. Each: key, kind, title, lat, lon, at, and facts."""
    out = []
    for r in detections(session, now).to_dict("records"):
        if r["active"] and r["large"] and not r["ticket_no"]:
            facts = {"excess": r["excess"], "zone": r["zone"]}
            out.append({"key": r["key"], "title": r["name"], "lat": r["lat"], "lon": r["lon"],
                        "at": r["detected_at"], "facts": facts})  # fmt: skip
    q = quality(session, now)
    orders = _orders(session)
    where = {s.id: (s.lat, s.lon) for s in session.scalars(select(Sensor).where(Sensor.kind.in_(list(QUALITY))))}
    for r in q[q["large"]].to_dict("records"):
        key = quality_key(r["id"], r["since"])
        if key in orders:
            continue
        lat, lon = where[r["id"]]
        facts = {"value": r["value"], "limit": r["limit"]}
        out.append({"key": key, "title": f"{r['name']} · {r['param']} {r['value']}", "lat": lat, "lon": lon,
                    "at": r["since"], "facts": facts})  # fmt: skip
    return out


def order_number(key: str) -> str:
    """The work order an alert becomes: stable per alert (SW + 12 hex digits)."""
    return "SW" + hashlib.sha1(key.encode()).hexdigest()[:12].upper()


def find_alert(session: Session, now: datetime, key: str) -> dict | None:
    """The alert of `key` among the current ones (detected this week, or a quality exceedance now), with the facts
    its work order needs (town, place); None when there is no such alert now."""
    df = alerts(session, now)
    hit = df[df["key"] == key]
    if hit.empty:
        return None
    rec = hit.iloc[0].to_dict()
    if rec["kind"] == "quality":
        s = session.get_one(Sensor, rec["subject"])
        rec |= {"town_code": s.town_code, "lat": s.lat, "lon": s.lon}
    else:
        z = session.get_one(WaterZone, rec["subject"])
        rec |= {"town_code": z.town_code, "lat": z.lat, "lon": z.lon}
    return rec
