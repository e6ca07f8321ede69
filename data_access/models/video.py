"""Video: cameras (GB/T 28181 ids), the AI algorithm catalogue, alerts and saved wall layouts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class Camera(Base):
    __tablename__ = "camera"
    id: Mapped[str] = mapped_column(String(20), primary_key=True)  # GB/T 28181 20-digit id
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))  # hall | village | school | enterprise | community | xueliang
    group_name: Mapped[str] = mapped_column(String(40))
    town_code: Mapped[str | None] = mapped_column(String(20), index=True)
    area_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    heading: Mapped[float] = mapped_column(Float)  # degrees from north
    view_angle: Mapped[float] = mapped_column(Float)
    range_m: Mapped[float] = mapped_column(Float, default=150.0)
    online: Mapped[bool] = mapped_column(Boolean, default=True)
    quality_fault: Mapped[str | None] = mapped_column(String(16))  # loss|freeze|occlusion|blur|colour
    status_at: Mapped[datetime | None] = mapped_column(DateTime)


class Algorithm(Base):
    __tablename__ = "algorithm"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(12))  # 城管 | 消防 | 环保 | 交通 | 安全 | 质量
    severity: Mapped[int] = mapped_column(Integer, default=3)  # 1 highest .. 4


class VideoAlert(Base):
    __tablename__ = "video_alert"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    camera_id: Mapped[str] = mapped_column(ForeignKey("camera.id"), index=True)
    algorithm_code: Mapped[str] = mapped_column(ForeignKey("algorithm.code"))
    confidence: Mapped[float] = mapped_column(Float)
    bbox: Mapped[list] = mapped_column(JSON)  # [x1, y1, x2, y2] normalised 0..1
    occurred_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    status: Mapped[str] = mapped_column(String(16), default="new")  # new|confirmed|false_positive|dismissed
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    simulated: Mapped[bool] = mapped_column(Boolean, default=True)


class VideoLayout(Base):
    """A saved tile-wall layout: one user's own, or shared with every seat by a supervisor or admin."""

    __tablename__ = "video_layout"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(40))  # app_user.username
    name: Mapped[str] = mapped_column(String(20))
    layout: Mapped[dict] = mapped_column(JSON)  # {"n": 4, "cams": [[camera id or "", name], ...]}
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("owner", "name", name="uq_video_layout_owner_name"),)
