"""The emergency command's plain routes: the CAP feed (Atom, GET /api/cap/feed.xml) and each CAP 1.2 message
(GET /api/cap/<identifier>.xml), public like any published warning; the situation report of one incident as a
printable page (GET /emergency/report/<id>) and as XLSX (GET /emergency/report/<id>.xlsx), for seats, audited."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from flask import Blueprint, Response, abort, request

from data_access.db import read_session
from data_access.emergency import cap
from data_access.emergency import warnings as wq
from data_access.roles import SEAT_ROLES
from data_access.worktime import utcnow
from web.auth import current_principal, record
from web.context import db_url
from web.i18n import current_lang
from web.situation import report_html, report_rows, situation

bp = Blueprint("emergency_api", __name__)
IDENT = re.compile(r"^[0-9]{14}_[0-9]{14}_[0-9]{1,4}$")
FEED_DAYS = 7


@bp.get("/api/cap/feed.xml")
def cap_feed():
    now = utcnow()
    with read_session(db_url()) as s:
        msgs = wq.messages(s, since=now - timedelta(days=FEED_DAYS))
    body = cap.feed_xml(msgs, base=request.host_url.rstrip("/"), updated=now)
    return Response(body, mimetype="application/atom+xml", headers={"Cache-Control": "no-cache"})


@bp.get("/api/cap/<identifier>.xml")
def cap_message(identifier: str):
    if not IDENT.match(identifier):
        abort(404)
    with read_session(db_url()) as s:
        m = wq.find_message(s, identifier)
    if m is None:
        abort(404)
    return Response(cap.alert_xml(m), mimetype="application/cap+xml")


def _guard(what: str, obj: str) -> None:
    who = current_principal()
    if who.role not in SEAT_ROLES:
        record(who, what, obj, "denied")
        abort(403)


@bp.get("/emergency/report/<int:incident_id>")
def situation_page(incident_id: int):
    _guard("incident:situation_report", f"incident:{incident_id}")
    lang = current_lang()
    with read_session(db_url()) as s:
        data = situation(s, incident_id, role=current_principal().role, now=utcnow())
    if data is None:
        abort(404)
    record(current_principal(), "incident:situation_report", f"incident:{incident_id}", "ok")
    return Response(report_html(data, lang), mimetype="text/html")


@bp.get("/emergency/report/<int:incident_id>.xlsx")
def situation_xlsx(incident_id: int):
    _guard("incident:situation_xlsx", f"incident:{incident_id}")
    lang = current_lang()
    with read_session(db_url()) as s:
        data = situation(s, incident_id, role=current_principal().role, now=utcnow())
    if data is None:
        abort(404)
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in report_rows(data, lang):
        ws = wb.create_sheet(name[:31])
        for r in rows:
            ws.append([_safe(v) for v in r])
    out = io.BytesIO()
    wb.save(out)
    record(current_principal(), "incident:situation_xlsx", f"incident:{incident_id}", "ok")
    resp = Response(out.getvalue(), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp.headers["Content-Disposition"] = f'attachment; filename="situation-{incident_id}.xlsx"'
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _safe(v):
    """Neutralise spreadsheet formulas in text cells."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v
