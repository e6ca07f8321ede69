"""Smart dispatch (智能派单) reads: the closed history a model learns from, the keyword rules of the baseline, one
ticket's text, department names, and how often officers took the suggestion. The model itself (training, serving)
lives in web/commands/dispatch.py: the data layer holds no ML and starts no threads."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import Category, Department, Ticket, TicketEvent

DEFAULT_TOWN_DEPT = "T01"  # the keyword router's fallback for 属地 categories (城区街道办事处)
ACCEPT_TAG, OVERRIDE_TAG = "[智能派单:采纳]", "[智能派单:改派]"
HISTORY_COLUMNS = ["ticket_no", "created_at", "text", "category", "town", "department_id"]


def history(session: Session, *, limit: int = 200_000) -> pd.DataFrame:
    """Columns ticket_no, created_at, text, category, town, department_id: closed 12345 tickets that were
    dispatched, oldest first (direct answers by the centre, never dispatched, are left out)."""
    rows = session.execute(
        select(
            Ticket.ticket_no,
            Ticket.created_at,
            Ticket.summary,
            Ticket.content,
            Ticket.category_code,
            Ticket.town_code,
            Ticket.department_id,
        )
        .where(
            Ticket.stream == "hotline",
            Ticket.is_open.is_(False),
            Ticket.department_id.is_not(None),
            Ticket.dispatched_at.is_not(None),
        )
        .order_by(Ticket.created_at, Ticket.id)
        .limit(limit)
    ).all()
    return pd.DataFrame(
        [(no, at, f"{s} {c}", cat, town, d) for no, at, s, c, cat, town, d in rows], columns=HISTORY_COLUMNS
    )


def keyword_rules(session: Session, fallback: int) -> list[tuple[str, int]]:
    """(keyword, department id) for every 12345 category keyword, longest first; 属地 categories (no department)
    go to the 城区街道 office, or `fallback` without one."""
    town_office = session.scalar(select(Department.id).where(Department.code == DEFAULT_TOWN_DEPT)) or fallback
    rules = []
    for kw, dept in session.execute(
        select(Category.keywords, Category.department_id).where(Category.stream == "hotline")
    ):
        for word in (kw or "").split():
            rules.append((word, dept or town_office))
    rules.sort(key=lambda r: -len(r[0]))
    return rules


def ticket_text(session: Session, ticket_no: str) -> tuple[str, str | None, str | None] | None:
    """(summary and content, category, town) of one ticket, or None."""
    t = session.execute(
        select(Ticket.summary, Ticket.content, Ticket.category_code, Ticket.town_code).where(
            Ticket.ticket_no == ticket_no
        )
    ).first()
    return None if t is None else (f"{t[0]} {t[1]}", t[2], t[3])


def department_names(session: Session, ids: list[int]) -> dict[int, str]:
    return dict(session.execute(select(Department.id, Department.name).where(Department.id.in_(ids))).all())


def acceptance(session: Session) -> dict:
    """How often officers took the suggestion when dispatching from the page: accepted, overridden, rate."""
    rows = dict(
        session.execute(
            select(TicketEvent.note.like(f"{ACCEPT_TAG}%"), func.count())
            .where(TicketEvent.action == "dispatch", TicketEvent.note.like("[智能派单:%"))
            .group_by(TicketEvent.note.like(f"{ACCEPT_TAG}%"))
        ).all()
    )
    acc, over = int(rows.get(True, 0) or 0), int(rows.get(False, 0) or 0)
    return {"accepted": acc, "overridden": over, "acceptance_rate": acc / (acc + over) if acc + over else None}
