"""AI video alerts per algorithm (confidence, bbox, false positives) and camera offline/quality faults."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from functools import lru_cache

from data_access.events import AlertRaised, AlertReviewed, CameraStatus
from simulators.catalog_assets import ALGORITHMS, CAMERA_KINDS, QUALITY_FAULT
from simulators.common import eid, rng_for, utc
from simulators.feeds import arrivals as arr

ALERTS_PER_DAY = 120.0  # alerts that do not become cases (cases from video AI are in feeds.cases)
OFFLINE_PER_DAY = 6.0
QUALITY_PER_DAY = 4.0
ALGO_WEIGHTS = [a[5] for a in ALGORITHMS]
FP_SHARE = {a[0]: a[4] for a in ALGORITHMS}

Cam = tuple[str, float, float, str, str]  # id, lat, lon, town, area


@lru_cache(maxsize=4)
def cameras(seed: int) -> list[dict]:
    from simulators.city import camera_rows  # why: city imports feeds.syncs; keep import order one-way

    return camera_rows(seed)


@lru_cache(maxsize=256)
def camera_ids_for(seed: int, algorithm: str) -> list[Cam]:
    """Cameras whose kind runs `algorithm` (prefix match on the kind's algorithm list)."""
    kinds = {k.kind for k in CAMERA_KINDS if any(algorithm.startswith(p) for p in k.algorithms)}
    return [(c["id"], c["lat"], c["lon"], c["town_code"], c["area_code"]) for c in cameras(seed) if c["kind"] in kinds]


def pick_bbox(rng: random.Random) -> tuple[float, float, float, float]:
    """A normalised [x1, y1, x2, y2] box of plausible size."""
    w, h = rng.uniform(0.05, 0.35), rng.uniform(0.05, 0.4)
    x, y = rng.uniform(0, 1 - w), rng.uniform(0, 1 - h)
    return (round(x, 3), round(y, 3), round(x + w, 3), round(y + h, 3))


def generate(seed: int, local_hour: datetime, scale: float = 1.0) -> list:
    """Alerts raised in one local hour and their reviews (false positive or dismissed), plus camera faults."""
    day = local_hour.date()
    key = local_hour.strftime("%Y%m%d%H")
    rng = rng_for(seed, "alerts", key)
    lam = ALERTS_PER_DAY * scale * arr.DAYLIGHT_SHARE[local_hour.hour] * arr.day_factor(seed, day)
    events: list = []
    for k in range(arr.poisson(rng, lam)):
        r = rng_for(seed, "alert", key, k)
        code = r.choices(ALGORITHMS, ALGO_WEIGHTS)[0][0]
        cams = camera_ids_for(seed, code)
        cam = cams[r.randrange(len(cams))]
        at = utc(local_hour + timedelta(seconds=r.randrange(3600)))
        fp = r.random() < FP_SHARE[code]
        conf = round(min(0.99, max(0.35, r.gauss(0.62 if fp else 0.83, 0.1))), 3)
        alert_id = eid(seed, "alert", key, k)
        events.append(AlertRaised(alert_id, cam[0], code, conf, pick_bbox(r), at))
        review_at = at + timedelta(minutes=r.lognormvariate(math.log(25), 0.8))
        events.append(
            AlertReviewed(
                eid(seed, "alert", key, k, "review"),
                alert_id,
                "false_positive" if fp else "dismissed",
                review_at,
                actor="sim",
            )
        )
        if code in QUALITY_FAULT and not fp:
            events += _fault(seed, r, cam[0], at, QUALITY_FAULT[code], f"{key}:{k}")
    for k in range(arr.poisson(rng, OFFLINE_PER_DAY * scale / 24)):
        r = rng_for(seed, "offline", key, k)
        cams = cameras(seed)
        cam = cams[r.randrange(len(cams))]["id"]
        events += _fault(seed, r, cam, utc(local_hour + timedelta(seconds=r.randrange(3600))), None, f"o{key}:{k}")
    return events


def _fault(seed: int, rng: random.Random, cam: str, at: datetime, quality: str | None, key: str) -> list:
    """A camera goes offline (or shows a quality fault) and recovers hours (sometimes days) later."""
    hours = rng.lognormvariate(math.log(5 if quality else 8), 1.0)
    back = at + timedelta(hours=min(hours, 24 * 6))
    return [
        CameraStatus(
            eid(seed, "cam", key, "down"), cam, at, online=quality is not None, quality_fault=quality or "loss"
        ),
        CameraStatus(eid(seed, "cam", key, "up"), cam, back, online=True, quality_fault=None),
    ]
