"""GET /hotline/export.{csv,xlsx}: the filtered ticket list for seat roles, masked by role and audited;
GET /hotline/assessment.{csv,xlsx}: the department assessment as the published report."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from flask import Blueprint, Response, abort, request

from data_access.db import read_session
from data_access.hotline import grid as hq
from data_access.hotline import stats as hotline_stats
from data_access.roles import ACT_ROLES
from data_access.worktime import local_day, utcnow
from web.auth import current_principal, record
from web.context import db_url
from web.i18n import current_lang, t

bp = Blueprint("hotline_export", __name__)
EXPORT_ROLES = ACT_ROLES
FILTER_KEYS = ("stream", "channel", "category", "department", "town", "status", "sla", "text", "when")
COLUMNS = (
    ("ticket_no", "hotline_col_ticket_no"),
    ("created", "hotline_col_created"),
    ("channel_name", "hotline_col_channel"),
    ("category_name", "hotline_col_category"),
    ("summary", "hotline_col_summary"),
    ("department_name", "hotline_col_department"),
    ("town_name", "hotline_col_town"),
    ("status", "hotline_col_status"),
    ("sla", "hotline_col_sla"),
    ("due", "hotline_col_due"),
    ("hours_left", "hotline_col_hours_left"),
    ("satisfaction", "hotline_col_satisfaction"),
)


def _guard(what: str) -> None:
    who = current_principal()
    if who.role not in EXPORT_ROLES:
        record(who, what, request.full_path[:80], "denied")
        abort(403)


def _send(header: list[str], rows: list[list], fmt: str, name: str) -> Response:
    if fmt == "csv":
        buf = io.StringIO()
        buf.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
        w = csv.writer(buf)
        w.writerow(header)
        w.writerows(rows)
        body, mime = buf.getvalue().encode("utf-8"), "text/csv; charset=utf-8"
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(name)
        ws.append(header)
        for r in rows:
            ws.append(r)
        out = io.BytesIO()
        wb.save(out)
        body, mime = out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    resp = Response(body, mimetype=mime)
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _safe_cell(v):
    """Neutralise spreadsheet formulas in text cells (CSV/XLSX injection)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


@bp.get("/hotline/export.<fmt>")
def export_tickets(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    _guard("export_tickets")
    who = current_principal()
    lang = current_lang()
    values = [request.args.get(k) for k in FILTER_KEYS]
    q = hq.grid_query(values, None)
    idx = {c: i for i, c in enumerate(hq.GRID_COLUMNS)}
    rows = []
    with read_session(db_url()) as s:
        for r in hq.iter_export(s, q, now=utcnow(), role=who.role):
            row = []
            for col, _ in COLUMNS:
                v = r[idx[col]]
                if col == "status":
                    v = t(f"st_{v}", lang)
                elif col == "sla":
                    v = t(f"hotline_sla_{v}", lang)
                elif col == "satisfaction" and v:
                    v = t(f"hotline_sat_{v}", lang)
                row.append(_safe_cell(v))
            rows.append(row)
    detail = ", ".join(f"{k}={v}" for k, v in zip(FILTER_KEYS, values, strict=True) if v)
    record(who, f"export_tickets_{fmt}", "tickets", "ok", f"{len(rows)} rows; {detail}"[:500])
    return _send([t(k, lang) for _, k in COLUMNS], rows, fmt, "tickets")


@bp.get("/hotline/assessment.<fmt>")
def export_assessment(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    _guard("export_assessment")
    who = current_principal()
    lang = current_lang()
    today = local_day(utcnow())
    try:
        end = date.fromisoformat(request.args.get("end", "")) if request.args.get("end") else today
        start = (
            date.fromisoformat(request.args.get("start", "")) if request.args.get("start") else end - timedelta(days=29)
        )
    except ValueError:
        abort(400, "start and end are YYYY-MM-DD")
    if start > end or (end - start).days > 400:
        abort(400, "start..end must be at most 400 days")
    with read_session(db_url()) as s:
        df = hotline_stats.assessment_trend(s, start, end, min_assigned=5)
    df["trend"] = df["score"] - df["score_prev"]  # 较上期: against the window of the same length just before
    cols = [
        ("rank", "hotline_as_rank"),
        ("name", "hotline_as_dept"),
        ("assigned", "hotline_as_assigned"),
        ("sign_on_time_rate", "hotline_as_sign"),
        ("close_on_time_rate", "hotline_as_close"),
        ("closure_rate", "hotline_as_closure"),
        ("satisfaction_rate", "hotline_as_satisfaction"),
        ("return_rate", "hotline_as_return"),
        ("redo_rate", "hotline_as_redo"),
        ("callback_rate", "hotline_as_callback"),
        ("score", "hotline_as_score"),
        ("trend", "hotline_as_trend"),
    ]
    rows = []
    for rec in df.to_dict("records"):
        row = []
        for c, _ in cols:
            v = rec[c]
            if c == "name" and rec["code"] == "TOTAL":
                v = t("hotline_as_total", lang)
            if isinstance(v, float):
                v = None if v != v else (round(v * 100, 2) if c.endswith("_rate") else round(v, 2))
            row.append(v)
        rows.append(row)
    record(who, f"export_assessment_{fmt}", f"{start}..{end}", "ok", f"{len(rows)} rows")
    header = [t(k, lang) + (" (%)" if c.endswith("_rate") else "") for c, k in cols]
    return _send(header, rows, fmt, f"assessment_{start}_{end}")
