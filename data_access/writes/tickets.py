"""Write handlers for tickets: TicketCreated opens one, TicketAction moves it one lifecycle step (state machine,
rollups, its timeline row; a 督办 also sends the department a supervision message, of the reminder's kind for an
automatic 催办).

Ratings: the counters satisfied / basic / dissatisfied hold each request's final rating, on the day it was given;
a callback that re-rates a redone request takes its earlier rating back (n = -1 on that rating's day), while the
callback counter counts every call made. The timeline row of every callback keeps its own rating."""

from __future__ import annotations

from data_access import events as ev
from data_access.errors import WriteError
from data_access.lifecycle import INITIAL, LINK_ONLY, apply_action
from data_access.writes.batch import TICKET_COLUMNS, Batch, Needs, TicketRow


def needs(e: ev.TicketCreated | ev.TicketAction, out: Needs) -> None:
    out.tickets.add(e.ticket_no)  # a create loads it too: an existing number is refused


def create(batch: Batch, e: ev.TicketCreated) -> None:
    """Open a ticket in its stream's first state; bad input raises WriteError."""
    if e.ticket_no in batch.tickets:
        raise WriteError(f"ticket {e.ticket_no} exists already")
    if e.stream not in INITIAL:
        raise WriteError(f"unknown stream {e.stream!r}")
    if e.category not in batch.limits:
        raise WriteError(f"unknown category {e.category!r}")
    t: TicketRow = dict.fromkeys(TICKET_COLUMNS)
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
    batch.add_ticket(t)
    batch.counters.ticket(t, e.at, ["received"])
    batch.counters.gauge_move(t, None)
    batch.add_ticket_event(e.event_id, t, "create", e.at, e.actor, "")


def act(batch: Batch, e: ev.TicketAction) -> None:
    """One lifecycle step named by an officer or a feed (a merge is a DuplicateLinked, which names the master)."""
    if e.action in LINK_ONLY:
        raise WriteError(f"{e.action} names the master: write it as a DuplicateLinked event")
    if e.reminder is not None and (e.action != "supervise" or e.reminder not in ev.REMINDERS):
        raise WriteError(f"a reminder is a supervise action of kind {', '.join(ev.REMINDERS)}")
    step(batch, e)


def step(batch: Batch, e: ev.TicketAction) -> None:
    """One lifecycle step on a ticket of the batch: state machine, rollups, the timeline row."""
    t = batch.tickets.get(e.ticket_no)
    if t is None:
        raise WriteError(f"no ticket {e.ticket_no}")
    before = (t["status"], t["department_id"])
    superseded = (t["satisfaction"], t["callback_at"]) if e.action == "callback" else (None, None)
    metrics = apply_action(t, e, batch.limits[t["category_code"]])
    batch.counters.gauge_move(t, before)
    batch.counters.ticket(t, e.at, metrics)
    if superseded[0] is not None and superseded[1] is not None:  # a request counts once, on its final rating
        batch.counters.ticket(t, superseded[1], [superseded[0]], n=-1)
    rating = e.satisfaction if e.action == "callback" else None
    batch.add_ticket_event(e.event_id, t, e.action, e.at, e.actor, e.note, e.department_id, rating)
    if e.action == "supervise":
        batch.add_message(e.event_id, t, e.reminder or "supervise", e.at, e.note or "督办")
