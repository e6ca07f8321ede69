"""Burst and leak detection on supply-zone inflow (pure: frames in, frames out; no SQL).

The forecast-band detector (the idea of Vitens's DBM): a zone's expected flow at an hour is the median of its flow
at the same weekday and hour over the past `weeks` weeks; the day's city-wide swing (weather: every zone at once)
is taken out as the median relative residual over all zones at that hour (DBM suppresses alarms its neighbours
share); the band is `z` robust standard deviations of the zone's own past residuals at that weekday and hour (99 %
for z = 2.58). factor = (measured - expected) / (upper - expected): above 1 is outside the band. An alarm is
sustained excess: `sustain` hours in a row above the band; it ends after `gap` hours back inside.

The second method is a one-sided CUSUM on the same standardised residual (S = max(0, S + z - k), alarm while
S > h, S capped so that a repaired leak clears within hours). The baseline is a fixed threshold per zone: the
`quantile` of its own flow over the weeks before (a SCADA high-flow alarm), with the same `sustain`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

RUN_COLUMNS = ["zone", "method", "start", "detected_at", "end", "active", "peak_factor", "excess", "kind"]


@dataclass(frozen=True)
class BandParams:
    weeks: int = 12  # past weeks the forecast is taken from
    min_weeks: int = 3  # fewer past weeks: no forecast (a new zone learns first)
    z: float = 2.58  # band half-width in robust standard deviations (99 %)
    sustain: int = 3  # hours in a row above the band before an alarm
    gap: int = 6  # hours back inside the band that end an alarm
    floor: float = 0.01  # the smallest spread (share of the expected flow)
    cusum_k: float = 1.5
    cusum_h: float = 6.0
    cusum_cap: float = 12.0
    quantile: float = 0.995  # the baseline's fixed threshold


def wide(flows: pd.DataFrame) -> pd.DataFrame:
    """Hourly flow (columns zone, at, flow) as one column per zone on a complete hourly index (gaps are NaN)."""
    if flows.empty:
        return pd.DataFrame()
    f = flows.assign(at=pd.to_datetime(flows["at"]).dt.floor("h"))
    w = f.pivot_table(index="at", columns="zone", values="flow", aggfunc="mean")
    return w.reindex(pd.date_range(w.index.min(), w.index.max(), freq="h"))


def _past(a: np.ndarray, weeks: int) -> np.ndarray:
    """(weeks, T, Z): the value 1..weeks weeks (168 h) before each hour (NaN before the start)."""
    t = a.shape[0]
    out = np.full((weeks, *a.shape), np.nan)
    for k in range(1, weeks + 1):
        lag = 168 * k
        if lag < t:
            out[k - 1, lag:] = a[: t - lag]
    return out


def band(flows: pd.DataFrame, p: BandParams = BandParams()) -> pd.DataFrame:
    """Per zone and hour: columns zone, at, flow, expected, lower, upper, factor, z (NaN where no forecast)."""
    w = wide(flows)
    if w.empty:
        return pd.DataFrame(columns=["zone", "at", "flow", "expected", "lower", "upper", "factor", "z"])
    a = w.to_numpy(dtype=float)
    past = _past(a, p.weeks)
    enough = np.sum(~np.isnan(past), axis=0) >= p.min_weeks
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices: hours with no forecast yet
        med = np.where(enough, np.nanmedian(past, axis=0), np.nan)
        r = a / med - 1
        common = np.nanmedian(r, axis=1, keepdims=True) if a.shape[1] >= 3 else np.zeros((a.shape[0], 1))
        common = np.nan_to_num(common)
        adj = r - common
        spread = 1.4826 * np.nanmedian(np.abs(_past(adj, p.weeks)), axis=0)
        spread = np.fmax(np.nan_to_num(spread, nan=np.inf), p.floor)
        spread = np.where(np.sum(~np.isnan(_past(adj, p.weeks)), axis=0) >= p.min_weeks - 1, spread, np.nan)
        expected = med * (1 + common)
        upper = med * (1 + common + p.z * spread)
        lower = med * (1 + common - p.z * spread)
        z = adj / spread
        factor = z / p.z
    out = pd.DataFrame(
        {
            "zone": np.repeat(np.array(w.columns, dtype=object)[None, :], len(w), axis=0).ravel(),
            "at": np.repeat(w.index.to_numpy(), len(w.columns)),
            "flow": a.ravel(),
            "expected": expected.ravel(),
            "lower": lower.ravel(),
            "upper": upper.ravel(),
            "factor": factor.ravel(),
            "z": z.ravel(),
        }
    )
    return out


def _runs(zone: str, method: str, at: np.ndarray, flag: np.ndarray, p: BandParams, info: pd.DataFrame) -> list[dict]:
    """Alarms from an hourly flag: `sustain` flagged hours in a row start one (at the first of them), `gap`
    unflagged hours end it."""
    runs: list[dict] = []
    streak, quiet, cur = 0, 0, None
    for i, f in enumerate(flag):
        if f:
            streak, quiet = streak + 1, 0
            if cur is None and streak >= p.sustain:
                cur = {"start_i": i - p.sustain + 1, "detected_i": i, "last_i": i}
            elif cur is not None:
                cur["last_i"] = i
        else:
            streak = 0
            if cur is not None:
                quiet += 1
                if quiet >= p.gap:
                    runs.append(cur)
                    cur, quiet = None, 0
    active = cur is not None
    if cur is not None:
        runs.append(cur)
    out = []
    for k, run in enumerate(runs):
        seg = info.iloc[run["start_i"] : run["last_i"] + 1]
        first = seg.head(3)
        rel = float(((first["flow"] - first["expected"]) / first["expected"]).mean()) if len(first) else 0.0
        out.append(
            {
                "zone": zone,
                "method": method,
                "start": pd.Timestamp(at[run["start_i"]]).to_pydatetime(),
                "detected_at": pd.Timestamp(at[run["detected_i"]]).to_pydatetime(),
                "end": pd.Timestamp(at[run["last_i"]]).to_pydatetime(),
                "active": active and k == len(runs) - 1,
                "peak_factor": round(float(seg["factor"].max()), 2) if seg["factor"].notna().any() else None,
                "excess": round(float((seg["flow"] - seg["expected"]).tail(3).mean()), 1),
                "kind": "burst" if rel >= 0.10 else "leak",
            }
        )
    return out


def detect(flows: pd.DataFrame, p: BandParams = BandParams(), methods=("band", "cusum")) -> pd.DataFrame:
    """Alarms (RUN_COLUMNS) of the band detector and/or the CUSUM over the whole span of `flows`."""
    b = band(flows, p)
    out: list[dict] = []
    for zone, part in b.groupby("zone", sort=True):
        part = part.reset_index(drop=True)
        at = part["at"].to_numpy()
        if "band" in methods:
            out += _runs(str(zone), "band", at, (part["factor"] > 1).fillna(False).to_numpy(), p, part)
        if "cusum" in methods:
            z = part["z"].to_numpy()
            s, flag = 0.0, np.zeros(len(z), dtype=bool)
            for i, v in enumerate(z):
                s = 0.0 if np.isnan(v) else min(p.cusum_cap, max(0.0, s + v - p.cusum_k))
                flag[i] = s > p.cusum_h
            out += _runs(str(zone), "cusum", at, flag, replace(p, sustain=1), part)
    return pd.DataFrame(out, columns=RUN_COLUMNS)


def threshold_baseline(flows: pd.DataFrame, train_until, p: BandParams = BandParams()) -> pd.DataFrame:
    """The fixed-threshold baseline's alarms after `train_until` (thresholds: each zone's `quantile` before it)."""
    b = band(flows, p)[["zone", "at", "flow", "expected", "factor"]]
    out: list[dict] = []
    for zone, part in b.groupby("zone", sort=True):
        part = part.reset_index(drop=True)
        train = part[part["at"] < pd.Timestamp(train_until)]["flow"].dropna()
        if train.empty:
            continue
        limit = float(train.quantile(p.quantile))
        test = part[part["at"] >= pd.Timestamp(train_until)].reset_index(drop=True)
        flag = (test["flow"] > limit).to_numpy()
        out += _runs(str(zone), "threshold", test["at"].to_numpy(), flag, p, test)
    return pd.DataFrame(out, columns=RUN_COLUMNS)


@dataclass(frozen=True)
class Score:
    injections: int
    detected: int
    false_alarms: int
    zone_weeks: float
    median_hours: float | None  # median time to detect (detected_at - start), over the detected injections

    @property
    def recall(self) -> float:
        return self.detected / self.injections if self.injections else float("nan")

    @property
    def false_per_zone_week(self) -> float:
        return self.false_alarms / self.zone_weeks if self.zone_weeks else float("nan")


def score(runs: pd.DataFrame, truth: pd.DataFrame, since, until, zones: int, slack_hours: int = 6) -> Score:
    """Score alarms against the injections (truth columns zone, start, end, event_id) over [since, until): an
    injection starting then is detected when an alarm of its zone is raised between its start and `slack_hours`
    after its end; an alarm raised then that matches no injection (of any start) is a false alarm."""
    since, until = pd.Timestamp(since), pd.Timestamp(until)
    runs = runs[(pd.to_datetime(runs["detected_at"]) >= since) & (pd.to_datetime(runs["detected_at"]) < until)]
    slack = pd.Timedelta(hours=slack_hours)
    by_zone = {z: part for z, part in truth.groupby("zone")}
    first: dict[str, pd.Timestamp] = {}
    false = 0
    for r in runs.itertuples():
        inj = by_zone.get(r.zone, truth.iloc[:0])
        at = pd.Timestamp(r.detected_at)
        hit = inj[(pd.to_datetime(inj["start"]) <= at) & (at <= pd.to_datetime(inj["end"]) + slack)]
        if hit.empty:
            false += 1
        for h in hit.itertuples():
            if h.event_id not in first or at < first[h.event_id]:
                first[h.event_id] = at
    scored = truth[(pd.to_datetime(truth["start"]) >= since) & (pd.to_datetime(truth["start"]) < until)]
    hours = [
        (first[e.event_id] - pd.Timestamp(e.start)).total_seconds() / 3600
        for e in scored.itertuples()
        if e.event_id in first
    ]
    weeks = (until - since).total_seconds() / (7 * 86400)
    return Score(len(scored), len(hours), false, zones * weeks, float(np.median(hours)) if hours else None)
