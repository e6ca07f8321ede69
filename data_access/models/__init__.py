"""The data model: typed SQLAlchemy 2.0 tables for the whole city, one module per domain (times are naive UTC).

Every table is importable from here, and importing this package registers the whole model with `Base.metadata`
(what Alembic and the tests compare against)."""

from __future__ import annotations

from data_access.models.accounts import AppUser, AuditLog
from data_access.models.base import Base
from data_access.models.data import (
    DataExchange,
    DataField,
    DataRecord,
    DataSource,
    QualityCheck,
    QualityScore,
    RecordFailure,
    Rectification,
    SyncRun,
)
from data_access.models.emergency import Incident, IncidentEvent, Resource
from data_access.models.gov import ExtranetFinding, ExtranetSite, InspectionCampaign, ItProject, SupervisionUpload
from data_access.models.hotline import DuplicateLink, SupervisionMessage, Ticket, TicketEvent
from data_access.models.ops import DailyCategory, DailyCounter, EventLog, FeedStatus, Gauge, StaticCity
from data_access.models.reference import Building, Category, Channel, Department, GridArea
from data_access.models.sensors import Sensor, SensorReading
from data_access.models.services import ExtranetUnit, RentalUnit, Shop, ShopInspection, ShopRating
from data_access.models.video import Algorithm, Camera, VideoAlert, VideoLayout

__all__ = [
    "Algorithm",
    "AppUser",
    "AuditLog",
    "Base",
    "Building",
    "Camera",
    "Category",
    "Channel",
    "DailyCategory",
    "DailyCounter",
    "DataExchange",
    "DataField",
    "DataRecord",
    "DataSource",
    "Department",
    "DuplicateLink",
    "EventLog",
    "ExtranetFinding",
    "ExtranetSite",
    "ExtranetUnit",
    "FeedStatus",
    "Gauge",
    "GridArea",
    "Incident",
    "IncidentEvent",
    "InspectionCampaign",
    "ItProject",
    "QualityCheck",
    "QualityScore",
    "RecordFailure",
    "Rectification",
    "RentalUnit",
    "Resource",
    "Sensor",
    "SensorReading",
    "Shop",
    "ShopInspection",
    "ShopRating",
    "StaticCity",
    "SupervisionMessage",
    "SupervisionUpload",
    "SyncRun",
    "Ticket",
    "TicketEvent",
    "VideoAlert",
    "VideoLayout",
]
