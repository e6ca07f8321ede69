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
    exercise: bool = False  # a drill (演练): same flows, never in real statistics, CAP status Exercise
    actor: str = "system"
    description: str = ""


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
class IncidentAction:
    """One step of the command lifecycle (data_access/emergency/catalog.py ACTIONS); expected_version guards two
    commanders acting at once (None: the simulator, which never races)."""

    event_id: str
    incident_event_id: str  # the IncidentReported event id
    action: str
    at: datetime
    actor: str = "system"
    expected_version: int | None = None
    level: int | None = None  # respond / relevel / expand
    note: str = ""  # a relevel's reason, a report's text, the assessment on close
    target: str | None = None  # report: county | city | region | state; supervise: the clock's key
    plan_code: str | None = None
    task_id: int | None = None
    task_seq: int | None = None  # task_done without an id (the simulator): the plan task's number
    resource_id: int | None = None
    dispatch_id: int | None = None  # dispatch_state: the dispatch, or None for the resource's open one
    state: str | None = None  # dispatch / dispatch_state: the dispatch's new state
    eta_minutes: float | None = None
    distance_km: float | None = None
    route: tuple[tuple[float, float], ...] = ()  # (lon, lat) points over the road graph
    casualties: tuple[int, int, int, int] | None = None  # dead, injured, missing, evacuated


@dataclass(frozen=True)
class WarningIssued:
    event_id: str
    hazard: str  # catalog.HAZARDS
    color: str  # red | orange | yellow | blue
    headline: str
    area_desc: str
    at: datetime
    actor: str = "system"
    description: str = ""
    instruction: str = ""
    area_codes: tuple[str, ...] = ()
    polygon: tuple[tuple[float, float], ...] = ()  # (lat, lon) points
    expires_at: datetime | None = None
    exercise: bool = False


@dataclass(frozen=True)
class WarningChanged:
    """update (new colour, text or expiry: a CAP Update) or lift (a CAP Cancel)."""

    event_id: str
    warning_event_id: str
    action: str  # update | lift
    at: datetime
    actor: str = "system"
    expected_version: int | None = None
    color: str | None = None
    headline: str | None = None
    description: str | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class DutyHandoverNoted:
    event_id: str
    shift_start: datetime
    at: datetime
    actor: str
    note: str


@dataclass(frozen=True)
class DutyHandoverAcked:
    event_id: str
    handover_event_id: str
    at: datetime
    actor: str


@dataclass(frozen=True)
class HazardInspected:
    event_id: str
    hazard_id: int
    at: datetime
    actor: str = "system"


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
    result: str | None = None  # pass | rectify | fail (an inspector's form); None: a feed's passed flag only
    checklist: tuple[tuple[str, bool], ...] = ()  # (item key, ok)
    issues: str = ""
    rectify_by: datetime | None = None  # deadline for rectification (naive UTC)
    photo: bytes | None = None  # JPEG or PNG
    photo_mime: str = ""


@dataclass(frozen=True)
class ShopRated:
    event_id: str
    shop_id: int
    at: datetime
    stars: int
    comment: str = ""
    device_hash: str | None = None  # keyed hashes from a citizen's scan page (anti-abuse); None from feeds
    ip_hash: str | None = None


@dataclass(frozen=True)
class ServiceUsage:
    """便民服务: a town's running total of one mini-program service for a local day (idempotent: only moves up); no
    event id."""

    day: date
    service: str
    town_code: str
    n: int
    at: datetime


@dataclass(frozen=True)
class AlarmAcknowledged:
    """A seat acknowledges an alarm without state of its own (an AI alert before review, a hotspot) by its key."""

    event_id: str
    key: str  # alert:<event id> | hotspot:<category>:<town>:<local day>
    at: datetime
    actor: str


@dataclass(frozen=True)
class WaterLeakInjected:
    """Ground truth: the simulator injected a burst or slow leak in a supply zone (at = its start, UTC)."""

    event_id: str
    zone_code: str
    kind: str  # burst | leak
    at: datetime
    end_at: datetime
    excess: float  # m3/h at full size
    ramp_hours: float = 0.0  # a leak grows linearly over this many hours


@dataclass(frozen=True)
class WaterAlertOrdered:
    """An officer turned a water alert into a work order (the ticket is its own TicketCreated in the same apply)."""

    event_id: str
    alert_key: str
    kind: str  # burst | leak | quality
    subject: str  # zone code or sensor id
    ticket_no: str
    at: datetime
    actor: str = "system"


@dataclass(frozen=True)
class ResidentActivityIn:
    """A sign of life of a watched resident (water used in an hour, a door access); idempotent on (resident, kind,
    at): no separate event id."""

    resident_id: int
    kind: str  # water | door
    at: datetime


@dataclass(frozen=True)
class CareCheckRaised:
    """A community worker raised a check-on visit for an elderly resident."""

    event_id: str
    resident_id: int
    at: datetime
    reason: str = "rule"  # rule | manual
    actor: str = "system"


@dataclass(frozen=True)
class CareCheckClosed:
    """The visit is done: safe (a false alarm), away (a false alarm: not at home) or helped (a true alarm)."""

    event_id: str
    check_event_id: str
    at: datetime
    outcome: str
    note: str = ""
    actor: str = "system"


@dataclass(frozen=True)
class IrrigationUseIn:
    """Canal water a village drew on one local day (m3); idempotent on (village, day): no separate event id."""

    code: str
    day: date
    m3: float
    at: datetime  # when the day's reading was taken (UTC; the end of the local day)


Logged = (
    TicketCreated
    | TicketAction
    | DuplicateLinked
    | AlertRaised
    | AlertReviewed
    | CameraStatus
    | IncidentReported
    | IncidentUpdate
    | IncidentAction
    | WarningIssued
    | WarningChanged
    | DutyHandoverNoted
    | DutyHandoverAcked
    | HazardInspected
    | SyncRunDone
    | DataExchanged
    | ShopInspected
    | ShopRated
    | AlarmAcknowledged
    | WaterLeakInjected
    | WaterAlertOrdered
    | CareCheckRaised
    | CareCheckClosed
)
"""The events with an event id: applied one by one and logged in event_log (a replay is skipped)."""

Event = Logged | SensorReadingIn | FeedHeartbeat | ServiceUsage | ResidentActivityIn | IrrigationUseIn
