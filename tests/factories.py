"""Test factories: the static city from the simulator's own seed, and tickets through the write API."""

from __future__ import annotations

from datetime import datetime

from data_access import events as ev
from data_access.schema import migrate
from simulators import city


def seeded(url: str, seed: int = 1) -> str:
    """Migrate and load the static city (departments, categories, cameras, ...). Tests take a copy of it from the
    session's template instead (the `city_url` fixture, tests/templates.py): this builds the template."""
    migrate(url)
    city.seed(url, seed)
    return url


def new_ticket(
    no: str,
    at: datetime,
    *,
    category: str | None = None,
    summary: str = "小区停水，请尽快处理",
    stream: str = "hotline",
    channel: str = "phone",
    **extra,
) -> ev.TicketCreated:
    """A TicketCreated with a stable event id; the category defaults to the first of its stream."""
    return ev.TicketCreated(
        event_id=f"create-{no}",
        ticket_no=no,
        stream=stream,
        channel=channel,
        category=category or _default_category(stream),
        summary=summary,
        content=summary,
        at=at,
        **extra,
    )


def _default_category(stream: str) -> str:
    return "H0201" if stream == "hotline" else "BJ0101"  # 供水问题 / 上水井盖
