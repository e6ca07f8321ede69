"""Wall tables: seats' acknowledgements of alarms that have no state of their own to change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class AlarmAck(Base):
    """An AI alert (before its review) or a hotspot acknowledged by a seat: it leaves the wall's alarm rail and the
    seats' alarm strips (incidents keep their acknowledgement on the incident itself)."""

    __tablename__ = "alarm_ack"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # the alarm's key (kind:id)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(60))
