"""Simulated first halves of 2024 (H1), shared by the slow calibration tests: one backfill per seed and backend,
built on first use and kept for the whole session; raw rows read with plain SQL, independent of the app's reads."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine, text

from data_access.db import dispose
from simulators import runner
from simulators.catalog import CAL_END, CAL_START, REPORT_DAY
from tests.templates import PgTemplates, Recipe, SqliteTemplates

SEEDS = (1, 2, 3)


@dataclass
class H1Cities:
    """Backfilled H1 databases by (seed, backend); `seconds` records how long each took to build."""

    root: Path
    sqlite: SqliteTemplates
    pg: Callable[[], PgTemplates]  # the session's PostgreSQL templates, asked for only when a test needs them
    urls: dict[tuple[int, str], str] = field(default_factory=dict)
    seconds: dict[tuple[int, str], float] = field(default_factory=dict)
    _raw: dict[str, Raw] = field(default_factory=dict)

    def url(self, seed: int, backend: str = "sqlite") -> str:
        """The H1 backfill of `seed` on `backend` (read it; write only to a `writable` copy)."""
        key = (seed, backend)
        if key not in self.urls:
            t0 = time.perf_counter()
            if backend == "sqlite":
                url = self.sqlite.copy(self.root / f"h1_seed{seed}.db", Recipe(seed=seed))
            else:
                url = self.pg().copy(Recipe(seed=seed))
            stats = runner.backfill(url, CAL_START, CAL_END, seed=seed, settle=REPORT_DAY)
            assert stats.dropped == 0, stats
            dispose(url)
            self.urls[key] = url
            self.seconds[key] = time.perf_counter() - t0
            print(f"\nH1 backfill, seed {seed} on {backend}: {self.seconds[key]:.0f} s ({stats.applied} events)")
        return self.urls[key]

    def writable(self, seed: int, dest: Path) -> str:
        """A SQLite copy of the seed's H1 backfill at `dest`, for a test that writes."""
        url = self.url(seed)
        dispose(url)  # the readers' pooled connections: the last one to close checkpoints the WAL
        src = Path(url.removeprefix("sqlite:///"))
        assert not Path(f"{src}-wal").exists(), "the backfill is not checkpointed"
        shutil.copyfile(src, dest)
        return f"sqlite:///{dest}"

    def raw(self, seed: int, backend: str = "sqlite") -> Raw:
        url = self.url(seed, backend)
        if url not in self._raw:
            self._raw[url] = Raw.read(url)
        return self._raw[url]


@dataclass
class Raw:
    """The raw rows the checks read: tickets, their timeline (with each ticket's stream, category and limit) and
    supervision messages, times converted to Asia/Shanghai (+08:00)."""

    tickets: pd.DataFrame
    events: pd.DataFrame
    messages: pd.DataFrame
    departments: pd.DataFrame

    @classmethod
    def read(cls, url: str) -> Raw:
        engine = create_engine(url)
        try:
            with engine.connect() as c:
                tickets = pd.read_sql(
                    text(
                        "SELECT t.ticket_no, t.stream, t.channel_code, t.category_code, t.status, t.summary, "
                        "t.content, t.department_id, t.town_code, t.citizen_phone, t.citizen_id_no, t.created_at, "
                        "t.due_at, t.replied_at, t.closed_at, t.satisfaction, t.is_open, c.limit_unit, c.limit_value, "
                        "d.code AS dept_code FROM ticket t JOIN category c ON c.code = t.category_code "
                        "LEFT JOIN department d ON d.id = t.department_id"
                    ),
                    c,
                )
                events = pd.read_sql(
                    text(
                        "SELECT e.id, t.ticket_no, t.stream, t.category_code, c.limit_unit, e.action, e.at, e.note, "
                        "e.satisfaction, e.department_id FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
                        "JOIN category c ON c.code = t.category_code"
                    ),
                    c,
                )
                messages = pd.read_sql(text("SELECT kind, at, text FROM supervision_message"), c)
                departments = pd.read_sql(text("SELECT id, code, name FROM department"), c)
        finally:
            engine.dispose()
        for df, cols in (
            (tickets, ("created_at", "due_at", "replied_at", "closed_at")),
            (events, ("at",)),
            (messages, ("at",)),
        ):
            for col in cols:
                df[col] = pd.to_datetime(df[col])
        tickets["local"] = tickets["created_at"] + pd.Timedelta(hours=8)
        events["local"] = events["at"] + pd.Timedelta(hours=8)
        messages["local"] = messages["at"] + pd.Timedelta(hours=8)
        tickets["is_open"] = tickets["is_open"].astype(bool)
        return cls(tickets, events, messages, departments)

    def h1_12345(self) -> pd.DataFrame:
        """12345 requests received in H1 (every channel but Weibo), as the seed counts them."""
        t = self.tickets
        d = t["local"].dt.date
        return t[(t["stream"] == "hotline") & (t["channel_code"] != "weibo") & (d >= CAL_START) & (d <= CAL_END)]
