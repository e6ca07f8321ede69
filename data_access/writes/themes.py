"""Write handlers for the thematic applications: the water simulator's ground truth, water alerts turned into orders."""

from __future__ import annotations

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import WaterAlertOrder, WaterLeakTruth
from data_access.writes.batch import Batch

LEAK_KINDS = ("burst", "leak")
ALERT_KINDS = ("burst", "leak", "quality")


def record_truth(batch: Batch, e: ev.WaterLeakInjected) -> None:
    """One injected burst or leak (the bench's ground truth)."""
    if e.kind not in LEAK_KINDS or e.end_at <= e.at or e.excess <= 0:
        raise WriteError("an injection is a burst or leak with a positive size that ends after it starts")
    batch.insert(
        WaterLeakTruth,
        dict(event_id=e.event_id, zone_code=e.zone_code, kind=e.kind, start_at=e.at, end_at=e.end_at,
             excess=e.excess, ramp_hours=e.ramp_hours),
    )  # fmt: skip


def record_order(batch: Batch, e: ev.WaterAlertOrdered) -> None:
    """The link from a water alert to the work order it became (one per alert: the key is the primary key)."""
    if e.kind not in ALERT_KINDS or not e.alert_key or not e.ticket_no:
        raise WriteError("an order needs an alert key, a kind and a ticket")
    batch.insert(
        WaterAlertOrder,
        dict(alert_key=e.alert_key, kind=e.kind, subject=e.subject, ticket_no=e.ticket_no, at=e.at, actor=e.actor),
    )
