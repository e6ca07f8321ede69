"""Point location on the simulated grid: which town, village and cell a point falls in, and random places."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from simulators import geo


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    town_code: str
    area_code: str  # finest level known (grid cell, else village)


class Locator:
    """Fast lookups over one seed's divisions (the core grid is indexed directly)."""

    def __init__(self, seed: int):
        self.areas = geo.divisions(seed)
        self.by_code = {a.code: a for a in self.areas}
        self.towns = [a for a in self.areas if a.level == 2]
        self.villages = [a for a in self.areas if a.level == 3]
        self.cells_of: dict[str, list[geo.Area]] = {}
        self.core: dict[tuple[int, int], str] = {}
        for a in self.areas:
            if a.level == 4:
                self.cells_of.setdefault(a.parent, []).append(a)
                if len(a.poly) == 4 and abs(a.poly[1][0] - a.poly[0][0] - 0.1) < 1e-9:
                    self.core[self._core_key(a.poly[0][0] + 0.05, a.poly[0][1] + 0.05)] = a.code
        self.town_poly = {t.code: t.poly for t in self.towns}
        self.villages_of: dict[str, list[geo.Area]] = {}
        for v in self.villages:
            self.villages_of.setdefault(v.parent, []).append(v)

    @staticmethod
    def _core_key(x: float, y: float) -> tuple[int, int]:
        return int((x + geo.CORE_HALF_KM) // 0.1), int((geo.CORE_HALF_KM - y) // 0.1)

    def locate_xy(self, x: float, y: float) -> tuple[str, str]:
        """(town_code, finest area code) for a point in km from the core centre."""
        code = self.core.get(self._core_key(x, y))
        if code is not None and abs(x) < geo.CORE_HALF_KM and abs(y) < geo.CORE_HALF_KM:
            return code[:9], code
        for v in self.villages:
            if geo.contains(v.poly, (x, y)):
                for c in self.cells_of.get(v.code, []):
                    if geo.contains(c.poly, (x, y)):
                        return v.code[:9], c.code
                return v.code[:9], v.code
        best = min(self.villages, key=lambda v: _dist2(geo.centroid(v.poly), (x, y)))
        return best.code[:9], best.code

    def place(self, x: float, y: float) -> Place:
        town, area = self.locate_xy(x, y)
        lon, lat = geo.to_lonlat(x, y)
        return Place(lat, lon, town, area)

    def random_place(self, rng: random.Random, town_code: str | None = None, core_share: float = 0.0) -> Place:
        """A random place: in the core with probability core_share, else in the town (or anywhere)."""
        if town_code is None and rng.random() < core_share:
            r = geo.CORE_HALF_KM * 0.95
            return self.place(rng.uniform(-r, r) * rng.random() ** 0.5, rng.uniform(-r, r) * rng.random() ** 0.5)
        if town_code is None:
            town_code = rng.choice(self.towns).code
        v = rng.choice(self.villages_of[town_code])
        x, y = geo.random_point_in(rng, v.poly)
        return self._place_in(v, x, y)

    def _place_in(self, v: geo.Area, x: float, y: float) -> Place:
        """A point known to lie in village `v`: its grid cell found among the village's own cells only."""
        code = self.core.get(self._core_key(x, y))
        if code is not None and abs(x) < geo.CORE_HALF_KM and abs(y) < geo.CORE_HALF_KM:
            area = code
        else:
            area = next((c.code for c in self.cells_of.get(v.code, []) if geo.contains(c.poly, (x, y))), v.code)
        lon, lat = geo.to_lonlat(x, y)
        return Place(lat, lon, area[:9], area)


def _dist2(a: geo.Point, b: geo.Point) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


@lru_cache(maxsize=4)
def locator(seed: int) -> Locator:
    """One Locator per seed per process."""
    return Locator(seed)
