"""The declarative base every table derives from (times are naive UTC)."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import Table
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # why: SQLAlchemy types __table__ as any FromClause (a class may map a join or a subquery); every model here
    # maps one Table, and the bulk writes use its insert() and columns.
    __table__: ClassVar[Table]
