"""The batch one apply() call works on: what its handlers change, collected in memory and flushed in bulk.

Handlers read the batch's fields and change it only through its methods; flush() then writes the new and changed
tickets (version-checked), their timeline rows, supervision messages, the rows handlers queued, the event log and
the rollups, in a few statements per table, and last runs the hooks that need the ids of tickets just inserted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from data_access import rollups
from data_access.errors import VersionConflict
from data_access.lifecycle import Limit
from data_access.models import Base, Category, EventLog, SupervisionMessage, Ticket, TicketEvent

CHUNK = 500
TICKET_COLUMNS = [c.name for c in Ticket.__table__.columns]

TicketRow = dict[str, Any]
"""A ticket as a dict of its columns (TICKET_COLUMNS); the state machine changes it in place. id is None for a
ticket created in this batch (it gets one at flush)."""

FlushHook = Callable[[Mapping[str, int]], None]
"""Runs after flush() inserted the tickets; gets the id of every ticket of the batch by ticket_no."""


def chunks(seq: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    """`seq` in slices of at most `size` (one statement each: bounded parameter lists)."""
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


class _HasId(Protocol):
    """An ORM object with an integer primary key `id`."""

    @property
    def id(self) -> int: ...


@dataclass
class Needs:
    """What a batch loads before its handlers run, in one SELECT per chunk instead of one per event."""

    tickets: set[str] = field(default_factory=set)  # ticket numbers
    rows: dict[type[Base], set] = field(default_factory=lambda: defaultdict(set))  # ORM rows by model: primary keys

    def row(self, model: type[Base], pk: object) -> None:
        self.rows[model].add(pk)


class Batch:
    """The effects of one apply() call, in memory until flush()."""

    session: Session
    """The caller's session: handlers that need ids at once (incidents) or a stored row write through it."""
    limits: dict[str, Limit]
    """Each category's time limit, by category code."""
    tickets: dict[str, TicketRow]
    """The tickets this batch loaded (Needs.tickets) or created, by ticket_no."""
    counters: rollups.Counters
    """Rollup increments, upserted at flush."""
    alerts: dict[str, dict]
    """video_alert rows raised in this batch, by event id: a review in the same batch changes the pending row."""
    masters: dict[str, str]
    """Duplicates linked in this batch: duplicate ticket_no -> master ticket_no, in the order they were linked."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.limits = {c.code: Limit(c.limit_value, c.limit_unit) for c in session.scalars(select(Category))}
        self.tickets = {}
        self.counters = rollups.Counters()
        self.alerts = {}
        self.masters = {}
        self._loaded_version: dict[str, int] = {}  # stored tickets: the version they were read at
        self._ticket_events: list[dict] = []
        self._messages: list[dict] = []
        self._rows: dict[type[Base], list[dict]] = defaultdict(list)
        self._log: list[dict] = []
        self._hooks: list[FlushHook] = []
        self._refs: dict[tuple, object] = {}  # strong refs: the session's identity map is weak

    # -- reading --
    def load(self, needs: Needs) -> None:
        """Load what the handlers will need: the tickets by number, the rows by primary key."""
        for model, pks in needs.rows.items():
            self._preload(model, pks)
        if needs.tickets:
            self._load_tickets(needs.tickets)

    def get(self, model: type[Base], pk: object) -> Any:
        """session.get with a batch-lifetime cache (one SELECT per camera or algorithm per batch); None if absent."""
        key = (model, pk)
        if key not in self._refs:
            self._refs[key] = self.session.get(model, pk)
        return self._refs[key]

    def keep(self, obj: _HasId) -> None:
        """Keep a changed ORM object alive until commit (the session's identity map holds it only weakly)."""
        self._refs[(type(obj), obj.id)] = obj

    def stored(self, ticket_no: str) -> bool:
        """Whether the ticket was loaded from the database (not created in this batch)."""
        return ticket_no in self._loaded_version

    # -- changing --
    def add_ticket(self, t: TicketRow) -> None:
        """A ticket created in this batch (inserted at flush)."""
        self.tickets[t["ticket_no"]] = t

    def add_ticket_event(
        self,
        event_id: str,
        t: TicketRow,
        action: str,
        at: datetime,
        actor: str,
        note: str,
        department_id: int | None = None,
        satisfaction: str | None = None,
    ) -> None:
        """A row of the ticket's timeline, with the status it has now (and a callback's rating)."""
        self._ticket_events.append(
            dict(
                event_id=event_id,
                ticket_no=t["ticket_no"],
                action=action,
                at=at,
                actor=actor,
                department_id=department_id or t["department_id"],
                note=note,
                satisfaction=satisfaction,
                status_after=t["status"],
            )
        )

    def add_message(self, event_id: str, t: TicketRow, kind: str, at: datetime, text: str) -> None:
        """A supervision message to the ticket's department."""
        self._messages.append(
            dict(
                event_id=event_id,
                ticket_no=t["ticket_no"],
                department_id=t["department_id"],
                kind=kind,
                at=at,
                text=text,
            )
        )

    def insert(self, model: type[Base], row: dict) -> None:
        """A row to insert at flush (bulk, in the order queued); the dict may still change until then."""
        self._rows[model].append(row)

    def queued(self, model: type[Base]) -> list[dict]:
        """The rows queued for `model` so far in this batch (a later handler may still change them)."""
        return self._rows[model]

    def after_flush(self, hook: FlushHook) -> None:
        """Run `hook` once the tickets are inserted (it needs their ids)."""
        self._hooks.append(hook)

    def record(self, event_id: str, kind: str, at: datetime) -> None:
        """Mark an event applied: its event_log row is what makes a replay a no-op."""
        self._log.append(dict(event_id=event_id, kind=kind, at=at))

    # -- writing --
    def flush(self) -> None:
        """Write everything collected; raise VersionConflict if a loaded ticket was changed meanwhile."""
        s = self.session
        new = [t for no, t in self.tickets.items() if no not in self._loaded_version]
        ids: dict[str, int] = {no: t["id"] for no, t in self.tickets.items() if t["id"] is not None}
        if new:
            rows = [{k: v for k, v in t.items() if k != "id"} for t in new]
            for part in chunks(rows):
                stmt = Ticket.__table__.insert().returning(Ticket.id, Ticket.ticket_no)
                ids.update({no: i for i, no in s.execute(stmt, list(part))})
        touched = {te["ticket_no"] for te in self._ticket_events} & set(self._loaded_version)
        if touched:
            tbl = Ticket.__table__
            bump = (
                update(tbl)
                .where(tbl.c.id == bindparam("b_id"), tbl.c.version == bindparam("b_version"))
                .values({c: bindparam(c) for c in TICKET_COLUMNS if c not in ("id", "version", "ticket_no")})
                .values(version=tbl.c.version + 1)
            )
            params = []
            for no in touched:
                t = self.tickets[no]
                p = {c: t[c] for c in TICKET_COLUMNS if c not in ("id", "version", "ticket_no")}
                p.update(b_id=t["id"], b_version=self._loaded_version[no])
                params.append(p)
            for part in chunks(params):
                result = s.connection().execute(bump, list(part))
                if result.rowcount != len(part):
                    raise VersionConflict("a ticket was changed by someone else; nothing was written")
        if self._ticket_events:
            rows = [_with_ticket_id(te, ids) for te in self._ticket_events]
            for part in chunks(rows):
                s.execute(TicketEvent.__table__.insert(), list(part))
        if self._messages:
            rows = [_with_ticket_id(m, ids) for m in self._messages]
            s.execute(SupervisionMessage.__table__.insert(), rows)
        for model, rows in self._rows.items():
            for part in chunks(rows):
                s.execute(model.__table__.insert(), list(part))
        for part in chunks(self._log):
            s.execute(EventLog.__table__.insert(), list(part))
        self.counters.flush(s)
        for hook in self._hooks:
            hook(ids)

    def _preload(self, model: type[Base], pks: set) -> None:
        todo = sorted(pk for pk in pks if (model, pk) not in self._refs)
        pk_col = model.__mapper__.primary_key[0]
        for part in chunks(todo):
            for obj in self.session.scalars(select(model).where(pk_col.in_(part))):
                self._refs[(model, pk_col.key and getattr(obj, pk_col.key))] = obj
        for pk in todo:
            self._refs.setdefault((model, pk), None)

    def _load_tickets(self, numbers: set[str]) -> None:
        table = Ticket.__table__
        for part in chunks(sorted(numbers)):
            for row in self.session.execute(select(table).where(table.c.ticket_no.in_(part))).mappings():
                self.tickets[row["ticket_no"]] = dict(row)
                self._loaded_version[row["ticket_no"]] = row["version"]


def _with_ticket_id(row: dict, ids: Mapping[str, int]) -> dict:
    out = {k: v for k, v in row.items() if k != "ticket_no"}
    out["ticket_id"] = ids[row["ticket_no"]]
    return out
