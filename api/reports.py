"""统一报表 pages for the seats: the catalogue with the status board of a period and the fields saved by reuse, a
template's form for one department (prefilled from the shared dictionary), XLSX export and import, returning a
submission. Plain Flask forms (CSRF token, same origin), every submission through web.commands.services."""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, abort, make_response, redirect, render_template_string, request, session

from data_access.db import read_session
from data_access.roles import SEAT_ROLES
from data_access.services import reports
from data_access.worktime import to_local, utcnow
from web.auth import actor, csrf_token, current_principal, record
from web.commands import services as cmd
from web.commands.base import Refused, execute
from web.context import db_url
from web.i18n import current_lang, t
from web.reports_xlsx import SheetError, export, read

bp = Blueprint("reports", __name__)
CODE_RE = re.compile(r"^[A-Z]{2}\d{2}$")
DEPT_RE = re.compile(r"^[A-Z]\d{2}$")
STATUSES = ("due", "submitted", "late", "returned")

HEAD = """<!doctype html><html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{{ title }}</title>
<link rel="stylesheet" href="/assets/services_m.css"></head><body class="svc-m svc-wide svc-reports">
<header class="svc-top"><span class="svc-brand">{{ T.rep_title }}</span><a class="svc-lang" href="/">{{ T.portal_home }}</a></header><main>"""

INDEX = (
    HEAD
    + """
<section class="svc-card"><form method="get" class="svc-inline-form"><label>{{ T.rep_period }}
<input name="period" value="{{ period }}" pattern="20[0-9]{2}-[0-9]{2}" maxlength="7"></label>
<button type="submit">{{ T.rep_show }}</button></form>
<p class="svc-kpis"><span class="svc-kpi"><b data-reuse="{{ reuse }}">{{ reuse }}</b> {{ T.rep_saved }}</span>
{% for st in statuses %}<span class="svc-kpi svc-st-{{ st }}"><b>{{ counts[st] }}</b> {{ T['rep_st_' + st] }}</span>{% endfor %}</p></section>
<section class="svc-card"><h2>{{ T.rep_catalogue }}</h2><table class="svc-table"><thead><tr><th>{{ T.rep_code }}</th>
<th>{{ T.rep_name }}</th><th>{{ T.rep_owner }}</th><th>{{ T.rep_due }}</th><th>{{ T.rep_fields }}</th><th>{{ T.rep_shared }}</th></tr></thead>
<tbody>{% for c in cat %}<tr><td>{{ c.code }}</td><td>{{ c.name }}</td><td>{{ c.owner_name }}</td><td>{{ c.due }}</td>
<td>{{ c.fields }}</td><td>{{ c.shared }}</td></tr>{% endfor %}</tbody></table></section>
<section class="svc-card"><h2>{{ T.rep_board }}</h2><div class="svc-scroll"><table class="svc-table svc-board"><thead><tr><th></th>
{% for c in cat %}<th>{{ c.code }}</th>{% endfor %}</tr></thead><tbody>{% for d, dname, cells in board %}<tr><th>{{ dname }}</th>
{% for code, st in cells %}<td><a class="svc-st svc-st-{{ st }}" href="/reports/{{ code }}/{{ d }}/{{ period }}">{{ T['rep_st_' + st] }}</a></td>{% endfor %}
</tr>{% endfor %}</tbody></table></div></section>
<section class="svc-card"><h2>{{ T.rep_import }}</h2><form method="post" action="/reports/import" enctype="multipart/form-data" class="svc-form">
<input type="hidden" name="csrf" value="{{ csrf }}"><input type="file" name="sheet" accept=".xlsx" required>
<button type="submit">{{ T.rep_import }}</button></form></section></main></body></html>"""
)

FORM = (
    HEAD
    + """
{% if ok %}<p class="svc-flash svc-flash-ok" role="status">{{ ok }}</p>{% endif %}
{% if err %}<p class="svc-flash svc-flash-err" role="alert">{{ err }}</p>{% endif %}
<section class="svc-card"><h1>{{ f.code }} {{ f.name }}</h1>
<p class="svc-sub">{{ dname }} · {{ f.period }} · {{ T.rep_due }} {{ due }} ·
<span class="svc-st svc-st-{{ status }}">{{ T['rep_st_' + status] }}</span>{% if f.note %} · {{ f.note }}{% endif %}</p>
<p><a href="/reports/{{ f.code }}/{{ f.department }}/{{ f.period }}.xlsx">{{ T.rep_export }}</a> · <a href="/reports?period={{ f.period }}">{{ T.rep_back }}</a></p></section>
<form method="post" class="svc-form svc-card"><input type="hidden" name="csrf" value="{{ csrf }}">
{% for x in f.fields %}<label>{{ x.label }}{% if x.unit %}（{{ x.unit }}）{% endif %}{% if x.required %} *{% endif %}
{% if x.source %}<span class="svc-chip svc-reused">{{ T.rep_from }} {{ x.source }}</span>{% endif %}
{% if x.kind == 'choice' %}<select name="f_{{ x.key }}"><option value=""></option>{% for c in x.choices %}
<option value="{{ c }}" {% if typed.get(x.key, x.value) == c %}selected{% endif %}>{{ c }}</option>{% endfor %}</select>
{% elif x.kind == 'text' %}<textarea name="f_{{ x.key }}" maxlength="500" rows="2">{{ typed.get(x.key, x.value) }}</textarea>
{% else %}<input name="f_{{ x.key }}" value="{{ typed.get(x.key, x.value) }}" {% if x.kind == 'date' %}type="date"{% else %}inputmode="decimal"{% endif %}>{% endif %}
</label>{% endfor %}
{% if can_file %}<button type="submit" name="do" value="submit">{{ T.rep_submit }}</button>{% endif %}
</form>
{% if can_return %}<form method="post" class="svc-form svc-card"><input type="hidden" name="csrf" value="{{ csrf }}">
<label>{{ T.rep_return_reason }}<input name="reason" maxlength="200" required></label>
<button type="submit" name="do" value="return" class="svc-secondary">{{ T.rep_return }}</button></form>{% endif %}
</main></body></html>"""
)

WHY = (
    (r"a whole number", "rep_err_int"),
    (r"a number", "rep_err_number"),
    (r"a date", "rep_err_date"),
    (r"one of (.+)", "rep_err_choice"),
    (r"at most", "rep_err_long"),
    (r"between (.+) and (.+)", "rep_err_range"),
    (r"required", "rep_err_required"),
    (r"submitted already", "rep_err_submitted"),
)


def _guard():
    who = current_principal()
    if who.role not in SEAT_ROLES:
        if who.user_id is None:
            return redirect(f"/login?next={request.full_path}")
        record(who, "reports", request.path, "denied")
        abort(403)
    return None


def _T(lang: str) -> dict[str, str]:
    from web.i18n.services import TR

    return {k: t(k, lang) for k in TR if k.startswith(("rep_", "portal_home")) and "{" not in TR[k][0]}


def _explain(detail: str, lang: str, labels: dict[str, str]) -> str:
    """'pop_resident: a whole number' -> 字段「常住人口」：应为整数."""
    key, _, why = detail.partition(": ")
    for pattern, tkey in WHY:
        if re.search(pattern, why or detail):
            return t("rep_err_field", lang, field=labels.get(key, key), why=t(tkey, lang))
    return detail


def _period(raw: str | None) -> str:
    return raw if raw and reports.PERIOD_RE.match(raw) else reports.previous_period(utcnow())


@bp.get("/reports")
def index():
    bad = _guard()
    if bad:
        return bad
    lang = current_lang()
    period = _period(request.args.get("period"))
    now = utcnow()
    with read_session(db_url()) as s:
        cat = reports.catalogue(s)
        df = reports.board(s, period, now)
        reuse = reports.reuse_saved(s, period)
    counts = {st: int((df["status"] == st).sum()) for st in STATUSES}
    board = []
    for d, g in df.groupby("department", sort=True):
        board.append((d, g["department_name"].iloc[0], list(zip(g["template"], g["status"], strict=True))))
    cat_rows = [dict(r._asdict(), due=t("rep_due_day", lang, n=r.due_day)) for r in cat.itertuples()]
    html = render_template_string(
        INDEX,
        lang=lang,
        title=t("rep_title", lang),
        T=_T(lang),
        period=period,
        reuse=reuse,
        statuses=STATUSES,
        counts=counts,
        cat=cat_rows,
        board=board,
        csrf=csrf_token(),
    )
    return html, 200, {"Cache-Control": "no-store"}


def _check_ids(code: str, dept: str, period: str) -> None:
    if not (CODE_RE.match(code) and DEPT_RE.match(dept) and reports.PERIOD_RE.match(period)):
        abort(404)


def _load(code: str, dept: str, period: str) -> tuple[dict, str]:
    from data_access.errors import WriteError

    with read_session(db_url()) as s:
        try:
            f = reports.form(s, code, dept, period)
        except WriteError:
            abort(404)
        dname = dict(reports.departments(s)).get(dept, dept)
    return f, dname


def _csrf_ok() -> bool:
    sent = request.form.get("csrf", "")
    return bool(sent) and secrets.compare_digest(sent, session.get("csrf", ""))


@bp.route("/reports/<code>/<dept>/<period>", methods=["GET", "POST"])
def report_form(code: str, dept: str, period: str):
    bad = _guard()
    if bad:
        return bad
    _check_ids(code, dept, period)
    lang = current_lang()
    f, dname = _load(code, dept, period)
    ok, err, typed, status = "", "", {}, 200
    labels = {x["key"]: x["label"] for x in f["fields"]}
    if request.method == "POST":
        if not _csrf_ok():
            abort(400, "missing or wrong CSRF token")
        by = actor()
        if request.form.get("do") == "return":
            reason = request.form.get("reason", "")
            try:
                execute(
                    db_url(), by, "report_return", code, lambda s: cmd.return_report(s, by, code, dept, period, reason)
                )
                ok = t("rep_ok_returned", lang)
            except Refused as r:
                err, status = _explain(r.detail, lang, labels) if r.detail != "denied" else t("denied", lang), 400
        else:
            typed = {x["key"]: request.form.get(f"f_{x['key']}", "")[:600] for x in f["fields"]}
            try:
                out = execute(
                    db_url(), by, "report_submit", code, lambda s: cmd.submit_report(s, by, code, dept, period, typed)
                )
                ok, typed = t("rep_ok_submitted", lang, reused=out["reused"], filled=out["filled"]), {}
            except Refused as r:
                err, status = _explain(r.detail, lang, labels) if r.detail != "denied" else t("denied", lang), 400
        f, dname = _load(code, dept, period)
    who = current_principal()
    st = f["status"] or ("late" if utcnow() > f["due_at"] else "due")
    with read_session(db_url()) as s:
        can_file = cmd.may_file(actor(), dept, s) and f["status"] in (None, "returned")
    html = render_template_string(
        FORM,
        lang=lang,
        title=f"{f['code']} {f['name']}",
        T=_T(lang),
        f=f,
        dname=dname,
        due=f"{to_local(f['due_at']):%Y-%m-%d %H:%M}",
        status=st,
        ok=ok,
        err=err,
        typed=typed,
        csrf=csrf_token(),
        can_file=can_file,
        can_return=who.role in cmd.REPORT_RETURN_ROLES and f["status"] in ("submitted", "late"),
    )
    return html, status, {"Cache-Control": "no-store"}


@bp.get("/reports/<code>/<dept>/<period>.xlsx")
def report_xlsx(code: str, dept: str, period: str):
    bad = _guard()
    if bad:
        return bad
    _check_ids(code, dept, period)
    f, dname = _load(code, dept, period)
    resp = make_response(export(f, dname))
    resp.headers["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    resp.headers["Content-Disposition"] = f'attachment; filename="{code}_{dept}_{period}.xlsx"'
    resp.headers["Cache-Control"] = "no-store"
    record(current_principal(), "report_export", f"report:{code}:{dept}:{period}", "ok")
    return resp


@bp.post("/reports/import")
def report_import():
    bad = _guard()
    if bad:
        return bad
    if not _csrf_ok():
        abort(400, "missing or wrong CSRF token")
    lang = current_lang()
    up = request.files.get("sheet")
    try:
        if up is None:
            raise SheetError("no file")
        code, dept, period, values = read(up.read(1_500_000))
        _check_ids(code, dept, period)
    except SheetError:
        return t("rep_err_sheet", lang), 400, {"Content-Type": "text/plain; charset=utf-8"}
    by = actor()
    try:
        execute(db_url(), by, "report_submit", code, lambda s: cmd.submit_report(s, by, code, dept, period, values))
    except Refused as r:
        f, _ = _load(code, dept, period)
        labels = {x["key"]: x["label"] for x in f["fields"]}
        msg = _explain(r.detail, lang, labels) if r.detail != "denied" else t("denied", lang)
        return msg, 400, {"Content-Type": "text/plain; charset=utf-8"}
    return redirect(f"/reports/{code}/{dept}/{period}", code=303)
