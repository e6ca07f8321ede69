"""The write API's inputs: frozen dataclasses, each carrying a stable event id (idempotency key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

REMINDERS = ("sign", "near", "overdue")  # TicketAction.reminder: sign late, deadline near, deadline passed


@dataclass(frozen=True)
class TicketCreated:
    event_id: str
    ticket_no: str
    stream: str  # hotline | cm
    channel: str
    category: str
    summary: str
    content: str
    at: datetime  # naive UTC
    area_code: str | None = None
    town_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    address: str | None = None
    citizen_name: str | None = None
    citizen_phone: str | None = None
    citizen_id_no: str | None = None
    external_id: str | None = None
    actor: str = "system"
    simulated: bool = True


@dataclass(frozen=True)
class TicketAction:
    """One lifecycle step (see lifecycle.ACTIONS); expected_version guards concurrent officers."""

    event_id: str
    ticket_no: str
    action: str
    at: datetime
    actor: str = "system"
    department_id: int | None = None
    co_department_ids: tuple[int, ...] = ()
    note: str = ""
    satisfaction: str | None = None  # satisfied | basic | dissatisfied (callback)
    extend_days: float | None = None
    expected_version: int | None = None
    reminder: str | None = None  # an automatic 催办 (supervise only): one of REMINDERS; None for a person's action


@dataclass(frozen=True)
class DuplicateLinked:
    """重复件: `ticket_no` is the same request as `duplicate_of` (its master); it is closed as merged, never deleted.

    expected_version guards the duplicate against a concurrent officer, as in TicketAction.
    """

    event_id: str
    ticket_no: str
    duplicate_of: str
    at: datetime
    actor: str = "system"
    note: str = ""
    expected_version: int | None = None


@dataclass(frozen=True)
class AlertRaised:
    event_id: str
    camera_id: str
    algorithm_code: str
    confidence: float
    bbox: tuple[float, float, float, float]
    at: datetime
    simulated: bool = True


@dataclass(frozen=True)
class AlertReviewed:
    event_id: str
    alert_event_id: str
    status: str  # confirmed | false_positive | dismissed
    at: datetime
    actor: str = "system"
    ticket_no: str | None = None  # the case a confirmation created or linked


@dataclass(frozen=True)
class CameraStatus:
    event_id: str
    camera_id: str
    at: datetime
    online: bool
    quality_fault: str | None = None


@dataclass(frozen=True)
class IncidentReported:
    event_id: str
    category: str
    kind: str
    level: int
    title: str
    lat: float
    lon: float
    at: datetime
    area_code: str | None = None
    simulated: bool = True


@dataclass(frozen=True)
class IncidentUpdate:
    event_id: str
    incident_event_id: str  # the IncidentReported event id
    kind: str  # dispatch | update | ack | close
    at: datetime
    actor: str = "system"
    resource_id: int | None = None
    eta_minutes: float | None = None
    note: str = ""


@dataclass(frozen=True)
class SensorReadingIn:
    """Idempotent on (sensor_id, at); no separate event id."""

    sensor_id: str
    at: datetime
    value: float
    anomaly: bool = False


@dataclass(frozen=True)
class FeedHeartbeat:
    """A feed reporting in (idempotent: only moves its last-seen time forward); no event id."""

    source: str
    at: datetime


@dataclass(frozen=True)
class SyncRunDone:
    event_id: str
    source_id: int
    at: datetime
    ok: bool
    records: int
    missing_fields: int = 0
    invalid_values: int = 0
    rows: tuple[tuple[str, dict], ...] = ()  # a sampled resource's records as (record id, fields): checked on arrival
    started_at: datetime | None = None
    error: str = ""  # why a run failed


@dataclass(frozen=True)
class DataExchanged:
    """One local day of one department consuming resources through the exchange: (resource, requests, rows)."""

    event_id: str
    day: date
    consumer_id: int
    flows: tuple[tuple[int, int, int], ...]
    at: datetime


@dataclass(frozen=True)
class ShopInspected:
    event_id: str
    shop_id: int
    at: datetime
    inspector: str
    passed: bool
    note: str = ""


@dataclass(frozen=True)
class ShopRated:
    event_id: str
    shop_id: int
    at: datetime
    stars: int
    comment: str = ""


Logged = (
    TicketCreated
    | TicketAction
    | DuplicateLinked
    | AlertRaised
    | AlertReviewed
    | CameraStatus
    | IncidentReported
    | IncidentUpdate
    | SyncRunDone
    | DataExchanged
    | ShopInspected
    | ShopRated
)
"""The events with an event id: applied one by one and logged in event_log (a replay is skipped)."""

Event = Logged | SensorReadingIn | FeedHeartbeat
