"""Reference data: the four-level grid, the core's buildings, departments, channels and request categories with their
time limits."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class GridArea(Base):
    """Four-level grid: 1 county, 2 town/street, 3 village/community, 4 grid cell."""

    __tablename__ = "grid_area"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(80))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    area_km2: Mapped[float] = mapped_column(Float, default=0.0)
    geometry: Mapped[dict | None] = mapped_column(JSON)  # GeoJSON geometry
    simulated: Mapped[bool] = mapped_column(Boolean, default=True)


class Building(Base):
    """Building footprints in the 40 km2 core with their heights: the 3D view's white models (simulated until
    oblique photography is plugged in through settings.city_3d_url)."""

    __tablename__ = "building"
    id: Mapped[str] = mapped_column(String(12), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # residential | commercial | public | industrial
    floors: Mapped[int] = mapped_column(Integer)
    height: Mapped[float] = mapped_column(Float)  # metres
    geometry: Mapped[dict] = mapped_column(JSON)  # GeoJSON polygon
    simulated: Mapped[bool] = mapped_column(Boolean, default=True)


class Department(Base):
    __tablename__ = "department"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))  # bureau | town | utility | center
    area_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"))


class Channel(Base):
    __tablename__ = "channel"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Category(Base):
    """12345 request types and 数字城管 部件/事件 小类, each with its time limit."""

    __tablename__ = "category"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    stream: Mapped[str] = mapped_column(String(10), index=True)  # hotline | cm
    name: Mapped[str] = mapped_column(String(60))
    domain: Mapped[str] = mapped_column(String(40))  # hotline: 咨询/求助/投诉/举报/建议; cm: 部件/事件 大类
    limit_value: Mapped[float] = mapped_column(Float)
    limit_unit: Mapped[str] = mapped_column(String(12))  # work_hours | work_days | hours
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    keywords: Mapped[str] = mapped_column(Text, default="")
