"""Public services: shops with inspections and ratings (一铺一码), rental housing units (一户一码), extranet units."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class Shop(Base):
    __tablename__ = "shop"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(24), unique=True)  # 一铺一码
    name: Mapped[str] = mapped_column(String(80))
    trade: Mapped[str] = mapped_column(String(20))
    area_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(120))


class ShopInspection(Base):
    __tablename__ = "shop_inspection"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shop.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    inspector: Mapped[str] = mapped_column(String(40))
    passed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")


class ShopRating(Base):
    __tablename__ = "shop_rating"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shop.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    stars: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")


class RentalUnit(Base):
    __tablename__ = "rental_unit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(24), unique=True)  # 一户一码
    building: Mapped[str] = mapped_column(String(60))
    unit_no: Mapped[str] = mapped_column(String(20))
    area_code: Mapped[str | None] = mapped_column(ForeignKey("grid_area.code"))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    occupied: Mapped[bool] = mapped_column(Boolean, default=True)


class ExtranetUnit(Base):
    __tablename__ = "extranet_unit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    findings: Mapped[int] = mapped_column(Integer, default=0)
    rectified: Mapped[int] = mapped_column(Integer, default=0)
