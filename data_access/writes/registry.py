"""Which handler writes each kind of event: one line per class of the `events.Event` union (a test checks both ways).

Two kinds of handler:
- PerEvent: applied to each new event in input order, inside the batch; the event's id is its idempotency key (a
  replay is skipped, an applied event gets an event_log row). `needs` names what to load in bulk beforehand.
- Bulk: applied once to all events of its kind after the batch is flushed, in the order of this table; its events
  carry no event id and are idempotent by themselves. It returns how many events were new (the rest count as
  skipped), or None for signals counted neither way.

A new event kind: its dataclass in events.py (and the Event union), its handler in the writes module of its domain,
one line here, one test; tests/unit/test_write_registry.py fails while the union and this table disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.errors import WriteError
from data_access.writes import (
    alarms,
    convenience,
    feeds,
    incidents,
    links,
    readings,
    shops,
    syncs,
    themes,
    tickets,
    video,
)
from data_access.writes import emergency as em_writes
from data_access.writes.batch import Batch, Needs


def _needs_nothing(_e: Any, _out: Needs) -> None:
    return None


@dataclass(frozen=True)
class PerEvent:
    """Applies one event to the batch; bad input raises WriteError."""

    apply: Callable[[Batch, Any], None]
    needs: Callable[[Any, Needs], None] = _needs_nothing


@dataclass(frozen=True)
class Bulk:
    """Writes all events of its kind of one apply() call through the session."""

    write: Callable[[Session, Sequence[Any]], int | None]


Handler = PerEvent | Bulk

HANDLERS: dict[type, Handler] = {
    ev.TicketCreated: PerEvent(tickets.create, tickets.needs),
    ev.TicketAction: PerEvent(tickets.act, tickets.needs),
    ev.DuplicateLinked: PerEvent(links.link, links.needs),
    ev.AlertRaised: PerEvent(video.raise_alert, video.needs_raised),
    ev.AlertReviewed: PerEvent(video.review_alert, video.needs_reviewed),
    ev.CameraStatus: PerEvent(video.camera_status, video.needs_camera),
    ev.IncidentReported: PerEvent(incidents.report),
    ev.IncidentUpdate: PerEvent(incidents.update),
    ev.IncidentAction: PerEvent(incidents.act),
    ev.WarningIssued: PerEvent(em_writes.issue),
    ev.WarningChanged: PerEvent(em_writes.change),
    ev.DutyHandoverNoted: PerEvent(em_writes.handover),
    ev.DutyHandoverAcked: PerEvent(em_writes.handover_ack),
    ev.HazardInspected: PerEvent(em_writes.inspected),
    ev.SyncRunDone: PerEvent(syncs.record_run, syncs.needs_run),
    ev.DataExchanged: PerEvent(syncs.record_exchange, syncs.needs_exchange),
    ev.ShopInspected: PerEvent(shops.record_inspection),
    ev.ShopRated: PerEvent(shops.record_rating),
    ev.AlarmAcknowledged: PerEvent(alarms.acknowledge),
    ev.SensorReadingIn: Bulk(readings.write),
    ev.FeedHeartbeat: Bulk(feeds.write),
    ev.ServiceUsage: Bulk(convenience.write),
    ev.WaterLeakInjected: PerEvent(themes.record_truth),
    ev.WaterAlertOrdered: PerEvent(themes.record_order),
    ev.CareCheckRaised: PerEvent(themes.raise_check),
    ev.CareCheckClosed: PerEvent(themes.close_check),
    ev.ResidentActivityIn: Bulk(themes.write_activity),
    ev.IrrigationUseIn: Bulk(themes.write_irrigation),
}


def handler_for(e: object) -> Handler:
    """The handler of the event's class; anything else raises WriteError."""
    try:
        return HANDLERS[type(e)]
    except KeyError:
        raise WriteError(f"unknown event type {type(e).__name__}") from None
