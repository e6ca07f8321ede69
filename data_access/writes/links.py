"""Write handler for 重复件: DuplicateLinked links a duplicate to its master and closes it as merged.

Rules: a ticket is never deleted; it has at most one master, in its own stream, that existed at the time of the
link; a master that is itself a duplicate is refused (link to its master instead), and so is any link that would
close a cycle. The duplicate moves through the state machine's `merge` step (version-checked, counted as "merged",
never as "closed"); the master's timeline gets a row too, which also guards it against a concurrent link.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import aliased

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import DuplicateLink, Ticket
from data_access.writes import tickets
from data_access.writes.batch import Batch, Needs

MERGED = "merged"  # duplicate_link.kind of a confirmed 重复件 (ticket_id = the duplicate, other_id = its master)
MASTER_SUFFIX = ":master"  # the master's timeline row: the event id plus this
EVENT_ID_MAX = 64 - len(MASTER_SUFFIX)
MAX_DEPTH = 1000  # a chain longer than this is treated as broken data, never walked forever


def needs(e: ev.DuplicateLinked, out: Needs) -> None:
    out.tickets.update((e.ticket_no, e.duplicate_of))


def master_of(batch: Batch, ticket_no: str) -> str | None:
    """The ticket this one was merged into: linked earlier in this batch, or stored."""
    if ticket_no in batch.masters:
        return batch.masters[ticket_no]
    if ticket_no in batch.tickets and not batch.stored(ticket_no):  # created in this batch: nothing stored yet
        return None
    dup, master = aliased(Ticket), aliased(Ticket)
    return batch.session.scalar(
        select(master.ticket_no)
        .join(DuplicateLink, DuplicateLink.other_id == master.id)
        .join(dup, dup.id == DuplicateLink.ticket_id)
        .where(dup.ticket_no == ticket_no, DuplicateLink.kind == MERGED)
    )


def link(batch: Batch, e: ev.DuplicateLinked) -> None:
    """Validate, then close `e.ticket_no` as merged into `e.duplicate_of`; bad input raises WriteError."""
    if not e.event_id or len(e.event_id) > EVENT_ID_MAX:
        raise WriteError(f"a link's event id is 1 to {EVENT_ID_MAX} characters")
    if e.ticket_no == e.duplicate_of:
        raise WriteError("a ticket cannot be a duplicate of itself")
    dup, master = batch.tickets.get(e.ticket_no), batch.tickets.get(e.duplicate_of)
    if dup is None:
        raise WriteError(f"no ticket {e.ticket_no}")
    if master is None:
        raise WriteError(f"no ticket {e.duplicate_of} to link to")
    if dup["stream"] != master["stream"]:
        raise WriteError("a duplicate and its master must be in the same stream")
    if e.at < master["created_at"]:
        raise WriteError(f"{e.duplicate_of} did not exist yet at that time")
    known = master_of(batch, e.ticket_no)
    if known is not None:
        raise WriteError(f"{e.ticket_no} is already a duplicate of {known}")
    cur, depth = master_of(batch, e.duplicate_of), 0
    while cur is not None and depth < MAX_DEPTH:
        if cur == e.ticket_no:
            raise WriteError(f"linking {e.ticket_no} to {e.duplicate_of} would make a cycle")
        cur, depth = master_of(batch, cur), depth + 1
    up = master_of(batch, e.duplicate_of)
    if up is not None:
        raise WriteError(f"{e.duplicate_of} is itself a duplicate of {up}: link to {up}")
    if batch.stored(e.ticket_no) and batch.stored(e.duplicate_of):
        other = batch.session.get(DuplicateLink, (dup["id"], master["id"]))
        if other is not None:  # the pair's one row already holds another kind (e.g. a "nearby" suggestion)
            raise WriteError(f"{e.ticket_no} and {e.duplicate_of} are already linked ({other.kind})")
    note = e.note.strip() or f"重复件，并入 {e.duplicate_of}"
    tickets.step(
        batch,
        ev.TicketAction(
            e.event_id, e.ticket_no, "merge", e.at, actor=e.actor, note=note, expected_version=e.expected_version
        ),
    )
    batch.add_ticket_event(
        e.event_id + MASTER_SUFFIX, master, "merged_in", e.at, e.actor, f"重复件 {e.ticket_no} 并入本单"
    )
    if not batch.masters:  # the rows need the ids of tickets this batch inserts: written after the tickets
        batch.after_flush(lambda ids: _insert(batch, ids))
    batch.masters[e.ticket_no] = e.duplicate_of


def _insert(batch: Batch, ids: Mapping[str, int]) -> None:
    rows = [dict(ticket_id=ids[d], other_id=ids[m], kind=MERGED, score=1.0) for d, m in batch.masters.items()]
    batch.session.execute(DuplicateLink.__table__.insert(), rows)
