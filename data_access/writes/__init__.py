"""The one write API: apply(session, events) -> WriteResult. Idempotent; rollups in the same transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from data_access import events as ev
from data_access import rollups
from data_access.errors import VersionConflict, WriteError
from data_access.lifecycle import INITIAL, LINK_ONLY, Limit, apply_action
from data_access.models import Algorithm, Camera, Category, EventLog, SupervisionMessage, Ticket, TicketEvent
from data_access.writes import links as writes_links
from data_access.writes import other as writes_other

CHUNK = 500
TICKET_COLUMNS = [c.name for c in Ticket.__table__.columns]


@dataclass(frozen=True)
class WriteResult:
    applied: int
    skipped: int  # already applied earlier (same event id) or repeated in the batch


def _event_key(e: ev.Event) -> str:
    if isinstance(e, ev.SensorReadingIn):
        return f"reading:{e.sensor_id}:{e.at.isoformat()}"
    return e.event_id


def _chunks(seq: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _already_applied(session: Session, keys: list[str]) -> set[str]:
    seen: set[str] = set()
    for part in _chunks(keys):
        seen.update(session.scalars(select(EventLog.event_id).where(EventLog.event_id.in_(part))))
    return seen


class _Batch:
    """Collects the effects of a batch in memory, then flushes them in a few bulk statements."""

    def __init__(self, session: Session):
        self.s = session
        self.limits = {c.code: Limit(c.limit_value, c.limit_unit) for c in session.scalars(select(Category))}
        self.tickets: dict[str, dict] = {}
        self.loaded_version: dict[str, int] = {}
        self.ticket_events: list[dict] = []
        self.messages: list[dict] = []
        self.counters = rollups.Counters()
        self.log: list[dict] = []
        self.rows: dict[type, list[dict]] = defaultdict(list)
        self.after_flush: list = []  # callables(ids) that need the ids of tickets inserted by this batch
        self.alerts: dict[str, dict] = {}  # alert rows raised in this batch, by event id (reviewed in place)
        self.refs: dict[tuple, object] = {}  # strong refs: the session's identity map is weak
        self.masters: dict[str, str] = {}  # duplicate ticket_no -> master ticket_no linked in this batch
        self.links: list[tuple[str, str]] = []  # (duplicate, master) rows for duplicate_link (writes_links)

    def preload(self, model, pks: set) -> None:
        """Load many rows by primary key in one SELECT per chunk (kept alive in refs)."""
        todo = sorted(pk for pk in pks if (model, pk) not in self.refs)
        pk_col = model.__mapper__.primary_key[0]
        for part in _chunks(todo):
            for obj in self.s.scalars(select(model).where(pk_col.in_(part))):
                self.refs[(model, pk_col.key and getattr(obj, pk_col.key))] = obj
        for pk in todo:
            self.refs.setdefault((model, pk), None)

    def get(self, model, pk):
        """session.get with a batch-lifetime cache (one SELECT per camera/algorithm per batch)."""
        key = (model, pk)
        if key not in self.refs:
            self.refs[key] = self.s.get(model, pk)
        return self.refs[key]

    # -- tickets --
    def load_tickets(self, numbers: set[str]) -> None:
        table = Ticket.__table__
        for part in _chunks(sorted(numbers)):
            for row in self.s.execute(select(table).where(table.c.ticket_no.in_(part))).mappings():
                self.tickets[row["ticket_no"]] = dict(row)
                self.loaded_version[row["ticket_no"]] = row["version"]

    def create_ticket(self, e: ev.TicketCreated) -> None:
        if e.ticket_no in self.tickets:
            raise WriteError(f"ticket {e.ticket_no} exists already")
        if e.stream not in INITIAL:
            raise WriteError(f"unknown stream {e.stream!r}")
        if e.category not in self.limits:
            raise WriteError(f"unknown category {e.category!r}")
        t = {c: None for c in TICKET_COLUMNS}
        t.update(
            ticket_no=e.ticket_no,
            stream=e.stream,
            channel_code=e.channel,
            category_code=e.category,
            status=INITIAL[e.stream],
            summary=e.summary[:200],
            content=e.content,
            area_code=e.area_code,
            town_code=e.town_code,
            lat=e.lat,
            lon=e.lon,
            address=e.address,
            citizen_name=e.citizen_name,
            citizen_phone=e.citizen_phone,
            citizen_id_no=e.citizen_id_no,
            external_id=e.external_id,
            created_at=e.at,
            updated_at=e.at,
            is_open=True,
            return_count=0,
            redo_count=0,
            extension_count=0,
            supervise_count=0,
            version=1,
            simulated=e.simulated,
        )
        self.tickets[e.ticket_no] = t
        self.counters.ticket(t, e.at, ["received"])
        self.counters.gauge_move(t, None)
        self.ticket_event(e.event_id, t, "create", e.at, e.actor, "")

    def act(self, e: ev.TicketAction) -> None:
        if e.action in LINK_ONLY:
            raise WriteError(f"{e.action} names the master: write it as a DuplicateLinked event")
        self.step(e)

    def step(self, e: ev.TicketAction) -> None:
        """One lifecycle step on a ticket of this batch: state machine, rollups, the timeline row."""
        t = self.tickets.get(e.ticket_no)
        if t is None:
            raise WriteError(f"no ticket {e.ticket_no}")
        before = (t["status"], t["department_id"])
        metrics = apply_action(t, e, self.limits[t["category_code"]])
        self.counters.gauge_move(t, before)
        self.counters.ticket(t, e.at, metrics)
        self.ticket_event(e.event_id, t, e.action, e.at, e.actor, e.note, e.department_id)
        if e.action == "supervise":
            self.messages.append(
                dict(
                    event_id=e.event_id,
                    ticket_no=e.ticket_no,
                    department_id=t["department_id"],
                    kind=e.note.split(":", 1)[0] if e.note.startswith(("remind:", "overdue:")) else "supervise",
                    at=e.at,
                    text=e.note or "督办",
                )
            )

    def ticket_event(self, event_id, t, action, at, actor, note, department_id=None) -> None:
        self.ticket_events.append(
            dict(
                event_id=event_id,
                ticket_no=t["ticket_no"],
                action=action,
                at=at,
                actor=actor,
                department_id=department_id or t["department_id"],
                note=note,
                status_after=t["status"],
            )
        )

    # -- flush --
    def flush(self) -> None:
        s = self.s
        new = [t for no, t in self.tickets.items() if no not in self.loaded_version]
        ids: dict[str, int] = {no: t["id"] for no, t in self.tickets.items() if t["id"] is not None}
        if new:
            rows = [{k: v for k, v in t.items() if k != "id"} for t in new]
            for part in _chunks(rows):
                stmt = Ticket.__table__.insert().returning(Ticket.id, Ticket.ticket_no)
                ids.update({no: i for i, no in s.execute(stmt, list(part))})
        touched = {te["ticket_no"] for te in self.ticket_events} & set(self.loaded_version)
        if touched:
            tbl = Ticket.__table__
            stmt = (
                update(tbl)
                .where(tbl.c.id == bindparam("b_id"), tbl.c.version == bindparam("b_version"))
                .values({c: bindparam(c) for c in TICKET_COLUMNS if c not in ("id", "version", "ticket_no")})
                .values(version=tbl.c.version + 1)
            )
            params = []
            for no in touched:
                t = self.tickets[no]
                p = {c: t[c] for c in TICKET_COLUMNS if c not in ("id", "version", "ticket_no")}
                p.update(b_id=t["id"], b_version=self.loaded_version[no])
                params.append(p)
            for part in _chunks(params):
                result = s.connection().execute(stmt, list(part))
                if result.rowcount != len(part):
                    raise VersionConflict("a ticket was changed by someone else; nothing was written")
        if self.ticket_events:
            rows = [_with_ticket_id(te, ids) for te in self.ticket_events]
            for part in _chunks(rows):
                s.execute(TicketEvent.__table__.insert(), list(part))
        if self.messages:
            rows = [_with_ticket_id(m, ids) for m in self.messages]
            s.execute(SupervisionMessage.__table__.insert(), rows)
        for model, rows in self.rows.items():
            for part in _chunks(rows):
                s.execute(model.__table__.insert(), list(part))
        for part in _chunks(self.log):
            s.execute(EventLog.__table__.insert(), list(part))
        self.counters.flush(s)
        for hook in self.after_flush:
            hook(ids)


def _with_ticket_id(row: dict, ids: dict[str, int]) -> dict:
    out = {k: v for k, v in row.items() if k != "ticket_no"}
    out["ticket_id"] = ids[row["ticket_no"]]
    return out


def apply(session: Session, events: Sequence[ev.Event]) -> WriteResult:
    """Apply events in order in the caller's transaction; replays are skipped; bad input raises WriteError."""
    beats = [e for e in events if isinstance(e, ev.FeedHeartbeat)]
    events = [e for e in events if not isinstance(e, ev.FeedHeartbeat)]
    keys = [_event_key(e) for e in events if not isinstance(e, ev.SensorReadingIn)]
    seen = _already_applied(session, keys) if keys else set()
    readings = [e for e in events if isinstance(e, ev.SensorReadingIn)]
    todo, skipped = [], 0
    for e in events:
        if isinstance(e, ev.SensorReadingIn):
            continue
        k = _event_key(e)
        if k in seen:
            skipped += 1
            continue
        seen.add(k)
        todo.append(e)
    batch = _Batch(session)
    cams = {e.camera_id for e in todo if isinstance(e, ev.AlertRaised | ev.CameraStatus)}
    if cams:
        batch.preload(Camera, cams)
        batch.preload(Algorithm, {e.algorithm_code for e in todo if isinstance(e, ev.AlertRaised)})
    numbers = {e.ticket_no for e in todo if isinstance(e, ev.TicketCreated | ev.TicketAction)}
    numbers |= {e.ticket_no for e in todo if isinstance(e, ev.AlertReviewed) and e.ticket_no}
    numbers |= {no for e in todo if isinstance(e, ev.DuplicateLinked) for no in (e.ticket_no, e.duplicate_of)}
    if numbers:
        batch.load_tickets(numbers)
    for e in todo:
        if isinstance(e, ev.TicketCreated):
            batch.create_ticket(e)
        elif isinstance(e, ev.TicketAction):
            batch.act(e)
        elif isinstance(e, ev.DuplicateLinked):
            writes_links.link(batch, e)
        else:
            writes_other.handle(batch, e)
        batch.log.append(dict(event_id=e.event_id, kind=type(e).__name__, at=e.at))
    batch.flush()
    applied_readings = writes_other.write_readings(session, readings) if readings else 0
    if beats:
        writes_other.write_heartbeats(session, beats)
    return WriteResult(applied=len(todo) + applied_readings, skipped=skipped + len(readings) - applied_readings)


__all__ = ["apply", "WriteResult", "WriteError", "VersionConflict"]
