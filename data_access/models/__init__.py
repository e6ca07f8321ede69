"""The data model: typed SQLAlchemy 2.0 tables for the whole city, one module per domain (times are naive UTC).

Every table is importable from here, and importing this package registers the whole model with `Base.metadata`
(what Alembic and the tests compare against)."""

from __future__ import annotations

from data_access.models.accounts import AppUser, AuditLog
from data_access.models.base import Base
from data_access.models.data import DataSource, SyncRun
from data_access.models.emergency import Incident, IncidentEvent, Resource
from data_access.models.hotline import DuplicateLink, SupervisionMessage, Ticket, TicketEvent
from data_access.models.ops import DailyCategory, DailyCounter, EventLog, FeedStatus, Gauge, IntradayCounter, StaticCity
from data_access.models.reference import Building, Category, Channel, Department, GridArea
from data_access.models.sensors import Sensor, SensorReading
from data_access.models.services import (
    ExtranetUnit,
    InspectionPhoto,
    PortalClient,
    PortalCode,
    PortalConsent,
    PortalToken,
    RentalCheck,
    RentalTenant,
    RentalUnit,
    ReportField,
    ReportSubmission,
    ReportTemplate,
    ReportValue,
    ServiceCode,
    ServiceUsage,
    Shop,
    ShopInspection,
    ShopRating,
)
from data_access.models.themes import (
    CareCheck,
    Community,
    CommunityStaff,
    ElderResident,
    IrrigationUse,
    ResidentActivity,
    VillageDisclosure,
    VillageProfile,
    WaterAlertOrder,
    WaterLeakTruth,
    WaterZone,
)
from data_access.models.video import Algorithm, Camera, VideoAlert, VideoLayout
from data_access.models.wall import AlarmAck

__all__ = [
    "AlarmAck",
    "Algorithm",
    "AppUser",
    "AuditLog",
    "Base",
    "Building",
    "Camera",
    "CareCheck",
    "Category",
    "Channel",
    "Community",
    "CommunityStaff",
    "DailyCategory",
    "DailyCounter",
    "DataSource",
    "Department",
    "DuplicateLink",
    "ElderResident",
    "EventLog",
    "ExtranetUnit",
    "FeedStatus",
    "Gauge",
    "GridArea",
    "Incident",
    "IncidentEvent",
    "InspectionPhoto",
    "IntradayCounter",
    "IrrigationUse",
    "PortalClient",
    "PortalCode",
    "PortalConsent",
    "PortalToken",
    "RentalCheck",
    "RentalTenant",
    "RentalUnit",
    "ReportField",
    "ReportSubmission",
    "ReportTemplate",
    "ReportValue",
    "ResidentActivity",
    "Resource",
    "Sensor",
    "SensorReading",
    "ServiceCode",
    "ServiceUsage",
    "Shop",
    "ShopInspection",
    "ShopRating",
    "StaticCity",
    "SupervisionMessage",
    "SyncRun",
    "Ticket",
    "TicketEvent",
    "VideoAlert",
    "VideoLayout",
    "VillageDisclosure",
    "VillageProfile",
    "WaterAlertOrder",
    "WaterLeakTruth",
    "WaterZone",
]
