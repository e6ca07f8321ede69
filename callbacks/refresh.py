"""The Dash side of the panel engine: a page's ids, its one refresh callback (all its panels, no_update where
nothing changed) and the client-side gate that keeps ticks from overlapping."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, no_update

from data_access.roles import ALL_ROLES
from data_access.worktime import utcnow
from web.auth import allow, current_principal
from web.context import current_settings
from web.i18n import current_lang
from web.inputs import integer
from web.panels import Panel, age_badge, snapshot


@dataclass(frozen=True)
class PageIds:
    """The ids a panel page owns; every id starts with the page name."""

    page: str

    @property
    def interval(self) -> str:
        return f"{self.page}-interval"

    @property
    def tick(self) -> str:
        return f"{self.page}-tick"

    @property
    def done(self) -> str:
        return f"{self.page}-done"

    @property
    def hashes(self) -> str:
        return f"{self.page}-hashes"

    def plumbing(self) -> list:
        """What a panel page needs in its layout: the refresh interval (the running app's period), the gate's
        stores and the hashes of what the screen shows."""
        every = current_settings().refresh_seconds * 1000
        return [
            dcc.Interval(id=self.interval, interval=every),
            dcc.Store(id=self.tick),
            dcc.Store(id=self.done),
            dcc.Store(id=self.hashes),
        ]

    def part(self, part: str, panel: Any) -> dict:
        """Pattern id of a panel part: body (children), meta (age/state), geo (map layer data)."""
        return {"type": f"{self.page}-panel-{part}", "panel": panel}


def live_plumbing(shown: str, interval: str | None = None, *, every_ms: int | None = None) -> list:
    """A live view's layout parts: the store of the digest the screen shows and, unless it rides on its page's
    panel tick, its own interval."""
    parts: list = [dcc.Store(id=shown)]
    if interval is not None:
        parts.append(dcc.Interval(id=interval, interval=every_ms or current_settings().refresh_seconds * 1000))
    return parts


def send_changed(shown: object, digest: str, render: Any) -> tuple[Any, Any]:
    """(children, digest) when what the screen shows differs, else no_update twice (a re-render under the pointer
    would swallow clicks). `render` is called only when something is sent."""
    if shown == digest:
        return no_update, no_update
    return (render() if callable(render) else render), digest


def refresh_outputs(
    panels: dict[str, Panel],
    outputs_list: list,
    hashes: dict | None,
    role: str,
    lang: str,
    now: datetime | None = None,
    params: dict | None = None,
) -> tuple[list, list, list, dict]:
    """Bodies, map layers and meta for the panels on screen; no_update where the hash did not change."""
    now = now or utcnow()
    hashes = dict(hashes or {})
    body_ids, geo_ids, meta_ids = (outputs_list[i] for i in range(3))
    snaps = {}
    for spec in meta_ids:
        pid = spec["id"]["panel"]
        if pid in panels:  # a forged id names no panel: it gets nothing
            snaps[pid] = snapshot(panels[pid], role, lang, now, params)

    def content(ids: list) -> list:
        out = []
        for spec in ids:
            pid = spec["id"]["panel"]
            if pid not in panels:
                out.append(no_update)
                continue
            snap = snaps.get(pid) or snapshot(panels[pid], role, lang, now, params)
            if not snap["ok"] or hashes.get(pid) == snap["hash"]:
                out.append(no_update)
            else:
                out.append(snap["body"])
        return out

    bodies, geos = content(body_ids), content(geo_ids)
    metas = []
    for spec in meta_ids:
        pid = spec["id"]["panel"]
        if pid not in snaps:
            metas.append(no_update)
            continue
        snap = snaps[pid]
        metas.append(json.dumps(age_badge(snap["asof"], now, panels[pid], snap["ok"], lang), ensure_ascii=False))
        if snap["ok"]:
            hashes[pid] = snap["hash"]
    return bodies, geos, metas, hashes


def _clean_params(raw: object) -> dict:
    """Page parameters from the client (e.g. the wall's current town): short plain strings only, or none."""
    if not isinstance(raw, dict):
        return {}
    return {
        k: v
        for k, v in raw.items()
        if isinstance(k, str) and isinstance(v, str) and len(k) <= 20 and 0 < len(v) <= 40 and v.isalnum()
    }


def register_page_refresh(page: str, panels: list[Panel], *, public: bool = False) -> PageIds:
    """The page's one refresh callback (all its panels) and its client-side overlap gate.

    `public`: the page always reads as a visitor (the tour), whoever is signed in.
    """
    ids = PageIds(page)
    by_id = {p.id: p for p in panels}

    clientside_callback(
        ClientsideFunction("cc", "gate"),
        Output(ids.tick, "data"),
        Input(ids.interval, "n_intervals"),
        State(ids.tick, "data"),
        State(ids.done, "data"),
    )

    clientside_callback(ClientsideFunction("cc", "done"), Input(ids.done, "data"))  # which parameters arrived

    @callback(
        Output(ids.part("body", ALL), "children"),
        Output(ids.part("geo", ALL), "data"),
        Output(ids.part("meta", ALL), "data-meta"),
        Output(ids.hashes, "data"),
        Output(ids.done, "data"),
        Input(ids.tick, "data"),
        State(ids.hashes, "data"),
    )
    @allow(*ALL_ROLES)
    def refresh_panels(tick, hashes):
        role = "visitor" if public else current_principal().role
        tick = tick if isinstance(tick, dict) else {}  # typed at the boundary: a forged tick or hashes is empty
        hashes = {k: v for k, v in hashes.items() if isinstance(v, str)} if isinstance(hashes, dict) else {}
        params = _clean_params(tick.get("params"))
        bodies, geos, metas, new_hashes = refresh_outputs(
            by_id, ctx.outputs_list, hashes, role, current_lang(), params=params
        )
        return bodies, geos, metas, new_hashes, {"n": integer(tick.get("n"), lo=0, hi=2**53), "params": params}

    refresh_panels.__name__ = f"refresh_{page}_panels"
    return ids
