"""一铺一码 / 一户一码 on the phone: the plate pages a QR code opens (/c/<token>), the citizen's complaint and rating
forms, the inspector's form, and the plates themselves (SVG, PNG, a print-ready sheet per street or building).

Plain Flask pages with their own small stylesheet (assets/services_m.css, a few KB, no script): a weak network opens
them in well under a second. Everything is rendered through Jinja's autoescaping; the public pages carry no personal
data (the complaint's phone goes into the ticket, never back to a page)."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, time, timedelta

from flask import Blueprint, abort, make_response, redirect, render_template_string, request, session
from markupsafe import Markup

from data_access.db import read_session
from data_access.roles import CODE_ROLES, INSPECT_ROLES
from data_access.services import codes
from data_access.services import shops as shop_data
from data_access.worktime import to_local, utcnow
from web.auth import actor, client_ip, csrf_token, current_principal, record
from web.commands import services as cmd
from web.commands.base import Refused, execute
from web.context import current_settings, db_url
from web.i18n import current_lang, refusal, t
from web.limits import limiter

bp = Blueprint("services", __name__)
DEVICE_COOKIE = "cc_dev"
DEVICE_RE = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
TICKET_RE = re.compile(r"^[A-Z]{2,3}\d{8}[0-9A-F]{6,8}$")
OK_KEYS = ("rated", "complained", "reported", "inspected")
FORM_LIMIT = "6 per minute;40 per hour"  # per address, on every public form post

BASE = """<!doctype html>
<html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ title }}</title><link rel="stylesheet" href="/assets/services_m.css"></head>
<body class="svc-m"><header class="svc-top"><span class="svc-brand">{{ brand }}</span>
<a class="svc-lang" href="/lang/{{ 'en' if lang == 'zh' else 'zh' }}">{{ 'English' if lang == 'zh' else '中文' }}</a>
</header><main>{{ body }}</main><footer class="svc-foot">{{ footer }}</footer></body></html>"""

SHOP = """
{% if ok %}<p class="svc-flash svc-flash-ok" role="status">{{ ok }}</p>{% endif %}
{% if err %}<p class="svc-flash svc-flash-err" role="alert">{{ err }}</p>{% endif %}
<section class="svc-card svc-head">
 <h1 class="svc-name">{{ s.name }}</h1>
 <p class="svc-chips"><span class="svc-chip">{{ s.trade }}</span>
  <span class="svc-chip svc-lic-{{ s.licence_state }}">{{ T.licence }} · {{ T['lic_' + s.licence_state] }}</span></p>
 <dl class="svc-facts">
  <dt>{{ T.scope }}</dt><dd>{{ s.scope }}</dd>
  <dt>{{ T.address }}</dt><dd>{{ s.address }}</dd>
  {% if s.licence_no %}<dt>{{ T.licence_no }}</dt><dd>{{ s.licence_no }}{% if s.licence_until %}
   <span class="svc-sub">{{ T.until }}</span>{% endif %}</dd>{% endif %}
  <dt>{{ T.plate }}</dt><dd class="svc-code">{{ code.short_code }} <span class="svc-sub">{{ T.version }}</span></dd>
 </dl>
</section>
<section class="svc-card" id="inspections"><h2>{{ T.inspections }}</h2>
 {% if not s.inspections %}<p class="svc-empty">{{ T.no_inspections }}</p>{% endif %}
 <ul class="svc-list">{% for i in s.inspections %}
  <li><span class="svc-day">{{ i.day }}</span> <span class="svc-office">{{ i.office }}</span>
   <span class="svc-res svc-res-{{ i.result }}">{{ T['res_' + i.result] }}</span>
   {% if i.failed %}<span class="svc-sub svc-block">{{ i.failed_text }}</span>{% endif %}
   {% if i.rectify_by %}<span class="svc-sub svc-block">{{ i.rectify_text }}{% if i.rectified %} · {{ T.rectified }}{% endif %}</span>{% endif %}
  </li>{% endfor %}</ul>
</section>
<section class="svc-card" id="rating"><h2>{{ T.rating }}</h2>
 {% if s.rating_count %}<p class="svc-score"><span class="svc-avg" data-avg="{{ s.rating_avg }}">{{ s.rating_avg }}</span>
  <span class="svc-stars-show" aria-hidden="true">{{ stars_text }}</span>
  <span class="svc-count">{{ count_text }}</span></p>
 {% else %}<p class="svc-empty">{{ T.rating_none }}</p>{% endif %}
 <ul class="svc-comments">{% for c in s.comments %}<li><span class="svc-day">{{ c.day }}</span> {{ '★' * c.stars }}
  <span class="svc-block">{{ c.text }}</span></li>{% endfor %}</ul>
</section>
<section class="svc-card" id="rate"><h2>{{ T.rate_title }}</h2>
 <form method="post" action="/c/{{ code.token }}/rating" class="svc-form">
  <input type="hidden" name="csrf" value="{{ csrf }}">
  <fieldset class="svc-starset"><legend>{{ T.stars }}</legend><div class="svc-starpick">
   {% for n in [5, 4, 3, 2, 1] %}<input type="radio" name="stars" value="{{ n }}" id="star{{ n }}" required>
   <label for="star{{ n }}" title="{{ n }}">★</label>{% endfor %}</div></fieldset>
  <label>{{ T.comment }}<textarea name="comment" maxlength="200" rows="2"></textarea></label>
  <button type="submit">{{ T.submit_rating }}</button>
 </form>
</section>
<section class="svc-card" id="complain"><h2>{{ T.complain_title }}</h2>
 <p class="svc-sub">{{ T.complain_hint }}</p>
 <form method="post" action="/c/{{ code.token }}/complaint" class="svc-form">
  <input type="hidden" name="csrf" value="{{ csrf }}">
  <label>{{ T.kind }}<select name="kind" required>{% for k in kinds %}
   <option value="{{ k }}">{{ T['kind_' + k] }}</option>{% endfor %}</select></label>
  <label>{{ T.text }}<textarea name="text" required minlength="4" maxlength="500" rows="3"></textarea></label>
  <label>{{ T.phone }}<input name="phone" type="tel" maxlength="20" autocomplete="tel"></label>
  <button type="submit">{{ T.submit_complaint }}</button>
 </form>
</section>
<p class="svc-inspector"><a href="/c/{{ code.token }}/inspect">{{ T.inspector_link }}</a></p>
"""

REVOKED = """
{% if ok %}<p class="svc-flash svc-flash-ok" role="status">{{ ok }}</p>{% endif %}
{% if err %}<p class="svc-flash svc-flash-err" role="alert">{{ err }}</p>{% endif %}
<section class="svc-card svc-void"><p class="svc-stamp">{{ T.revoked_stamp }}</p>
 <h1>{{ T.revoked }}</h1><p class="svc-code">{{ code.short_code }} <span class="svc-sub">{{ T.version }}</span></p>
 <p>{{ T.hint }}</p></section>
{% if can_report %}<section class="svc-card"><h2>{{ T.report_fake }}</h2>
 <form method="post" action="/c/{{ code.token }}/fake" class="svc-form">
  <input type="hidden" name="csrf" value="{{ csrf }}">
  <label>{{ T.where_seen }}<textarea name="text" maxlength="500" rows="2"></textarea></label>
  <label>{{ T.phone }}<input name="phone" type="tel" maxlength="20"></label>
  <button type="submit">{{ T.report_fake }}</button>
 </form></section>{% endif %}
"""

NOT_FOUND = """<section class="svc-card svc-void"><h1>{{ T.not_found }}</h1><p>{{ T.hint }}</p></section>"""

INSPECT = """
{% if err %}<p class="svc-flash svc-flash-err" role="alert">{{ err }}</p>{% endif %}
<section class="svc-card"><h1 class="svc-name">{{ s.name }}</h1>
 <p class="svc-sub">{{ s.address }} · {{ code.short_code }} · {{ who }}</p></section>
<form method="post" action="/c/{{ code.token }}/inspect" enctype="multipart/form-data" class="svc-form svc-card">
 <input type="hidden" name="csrf" value="{{ csrf }}">
 <h2>{{ T.checklist }}</h2>
 {% for key, label in items %}<fieldset class="svc-check"><legend>{{ label }}</legend>
  <label class="svc-inline"><input type="radio" name="item_{{ key }}" value="ok" required> {{ T.ok }}</label>
  <label class="svc-inline"><input type="radio" name="item_{{ key }}" value="no"> {{ T.not_ok }}</label>
 </fieldset>{% endfor %}
 <label>{{ T.result }}<select name="result" required>
  <option value="pass">{{ T.res_pass }}</option><option value="rectify">{{ T.res_rectify }}</option>
  <option value="fail">{{ T.res_fail }}</option></select></label>
 <label>{{ T.issues }}<textarea name="issues" maxlength="500" rows="3"></textarea></label>
 <label>{{ T.deadline }}<input type="date" name="rectify_by" min="{{ tomorrow }}"></label>
 <label>{{ T.photo }}<input type="file" name="photo" accept="image/jpeg,image/png" capture="environment"></label>
 <button type="submit">{{ T.submit_inspection }}</button>
</form>
"""


def _T(lang: str, **fmt) -> dict[str, str]:
    keys = [k for k in _keys() if not k.startswith("svc_item_")]
    out = {k.removeprefix("svc_"): t(k, lang) for k in keys}
    for short, text in fmt.items():
        out[short] = text
    return out


def _keys() -> list[str]:
    from web.i18n.services import TR

    return [k for k in TR if k.startswith("svc_") and "{" not in TR[k][0]]


def _alias(T: dict[str, str]) -> dict[str, str]:
    for k in ("valid", "expired", "none"):
        T[f"lic_{k}"] = T[f"licence_{k}"]
    return T


def _page(title: str, body: str, status: int = 200, brand_key: str = "svc_shop_code"):
    lang = current_lang()
    html = render_template_string(
        BASE,
        lang=lang,
        title=title,
        brand=f"{t('svc_city', lang)} · {t(brand_key, lang)}",
        body=Markup(body),  # rendered (and escaped) by its own template below
        footer=t("svc_footer", lang),
    )
    resp = make_response(html, status)
    resp.headers["Cache-Control"] = "no-store"
    if not DEVICE_RE.match(request.cookies.get(DEVICE_COOKIE, "")):
        resp.set_cookie(DEVICE_COOKIE, secrets.token_urlsafe(18), max_age=365 * 86400, httponly=True, samesite="Lax")
    return resp


def _not_found():
    lang = current_lang()
    body = render_template_string(NOT_FOUND, T=_T(lang, hint=t("svc_not_found_hint", lang)))
    return _page(t("svc_not_found", lang), body, 404)


class _NoCode(Exception):
    """A token that names nothing: answered with the plain 404 page."""


def _code_or_404(token: str) -> dict:
    with read_session(db_url()) as s:
        code = codes.resolve(s, token)
    if code is None:
        raise _NoCode
    return code


@bp.errorhandler(_NoCode)
def _no_code(_exc):
    return _not_found()


@bp.errorhandler(429)
def _too_many(_exc):
    lang = current_lang()
    token = request.view_args.get("token") if request.view_args else None
    if token:
        return _redirect(token, err="svc_too_many", status=303)
    return t("svc_too_many", lang), 429


def _flash() -> tuple[str, str]:
    """(ok, err) messages from the redirect after a post: only known keys and a checked ticket number."""
    lang = current_lang()
    ok_key, err_key, no = request.args.get("ok", ""), request.args.get("err", ""), request.args.get("no", "")
    ok = ""
    if ok_key in OK_KEYS:
        ok = t(f"svc_ok_{ok_key}", lang, no=no) if TICKET_RE.match(no) or "{no}" not in _raw(ok_key) else ""
    from web.i18n import TR

    err = t(err_key, lang) if err_key.startswith(("svc_", "cmd_")) and err_key in TR else ""
    return ok, err


def _raw(ok_key: str) -> str:
    from web.i18n import TR

    return TR[f"svc_ok_{ok_key}"][0]


def _redirect(token: str, *, ok: str = "", err: str = "", no: str = "", anchor: str = "", status: int = 303):
    q = "&".join(f"{k}={v}" for k, v in (("ok", ok), ("err", err), ("no", no)) if v)
    return redirect(f"/c/{token}" + (f"?{q}" if q else "") + anchor, code=status)


@bp.get("/c/<token>")
def plate_page(token: str):
    code = _code_or_404(token)
    lang = current_lang()
    ok, err = _flash()
    if code["status"] != "active":
        day = to_local(code["revoked_at"]).date() if code["revoked_at"] else ""
        T = _T(lang, hint=t("svc_revoked_hint", lang, day=day), version=t("svc_plate_version", lang, v=code["version"]))
        body = render_template_string(REVOKED, T=T, code=code, csrf=csrf_token(), ok=ok, err=err, can_report=True)
        return _page(t("svc_revoked", lang), body, brand_key=f"svc_{code['kind']}_code")
    if code["kind"] != "shop":
        return rental_page(code)
    with read_session(db_url()) as s:
        shop = shop_data.public_shop(s, code["subject_id"], utcnow())
    if shop is None:
        abort(404)
    for i in shop["inspections"]:
        i["failed_text"] = t("svc_failed_items", lang, items="、".join(t(f"svc_item_{k}", lang) for k in i["failed"]))
        i["rectify_text"] = t("svc_rectify_by", lang, day=i["rectify_by"]) if i["rectify_by"] else ""
    T = _alias(
        _T(
            lang,
            until=t("svc_licence_until", lang, day=shop["licence_until"]) if shop["licence_until"] else "",
            version=t("svc_plate_version", lang, v=code["version"]),
        )
    )
    avg = shop["rating_avg"] or 0
    body = render_template_string(
        SHOP,
        T=T,
        s=shop,
        code=code,
        csrf=csrf_token(),
        ok=ok,
        err=err,
        kinds=list(shop_data.COMPLAINTS),
        stars_text="★" * round(avg) + "☆" * (5 - round(avg)),
        count_text=t("svc_rating_count", lang, n=shop["rating_count"]),
    )
    return _page(f"{shop['name']} · {t('svc_shop_code', lang)}", body)


RENTAL = """
{% if ok %}<p class="svc-flash svc-flash-ok" role="status">{{ ok }}</p>{% endif %}
<section class="svc-card svc-head"><h1 class="svc-name">{{ u.building }} {{ u.unit_no }}</h1>
 <p class="svc-chips"><span class="svc-chip">{{ T.rental_kind }}</span></p>
 <dl class="svc-facts"><dt>{{ T.rent_community }}</dt><dd>{{ u.community }}</dd>
 <dt>{{ T.rent_manager }}</dt><dd>{{ T.rent_manager_name }}</dd>
 <dt>{{ T.rent_last_check }}</dt><dd>{{ u.last_check or T.rent_never }}</dd>
 <dt>{{ T.plate }}</dt><dd class="svc-code">{{ code.short_code }} <span class="svc-sub">{{ T.version }}</span></dd></dl></section>
<section class="svc-card"><h2>{{ T.rent_howto }}</h2><ol class="svc-steps"><li>{{ T.rent_step1 }}</li><li>{{ T.rent_step2 }}</li>
<li>{{ T.rent_step3 }}</li></ol><p class="svc-sub">{{ T.rent_privacy }}</p></section>
<p class="svc-inspector"><a href="/c/{{ code.token }}/tenants">{{ T.rent_staff_link }}</a></p>
"""

TENANTS = """
{% if ok %}<p class="svc-flash svc-flash-ok" role="status">{{ ok }}</p>{% endif %}
{% if err %}<p class="svc-flash svc-flash-err" role="alert">{{ err }}</p>{% endif %}
<section class="svc-card"><h1 class="svc-name">{{ u.building }} {{ u.unit_no }}</h1>
<p class="svc-sub">{{ u.community }} · {{ code.short_code }} · {{ who }}</p></section>
<section class="svc-card" id="register"><h2>{{ T.rent_register }}</h2>
{% if not tenants %}<p class="svc-empty">{{ T.rent_none }}</p>{% endif %}
<ul class="svc-list">{% for r in tenants %}<li><b>{{ r.name }}</b> · {{ r.phone }} · {{ r.people }} {{ T.rent_people_unit }}
<span class="svc-res {{ 'svc-res-pass' if r.active else 'svc-res-fail' }}">{{ T.rent_active if r.active else T.rent_left }}</span>
<span class="svc-sub svc-block">{{ r.id_no }} · {{ T.rent_in }} {{ r.moved_in_on }}{% if r.moved_out_on %} · {{ T.rent_out }} {{ r.moved_out_on }}{% endif %}</span>
{% if r.active and can_edit %}<form method="post" class="svc-form svc-row"><input type="hidden" name="csrf" value="{{ csrf }}">
<input type="hidden" name="do" value="move_out"><input type="hidden" name="tenant" value="{{ r.id }}">
<input type="date" name="on" value="{{ today }}" max="{{ today }}" aria-label="{{ T.rent_out }}">
<button type="submit" class="svc-secondary">{{ T.rent_move_out }}</button></form>{% endif %}</li>{% endfor %}</ul></section>
{% if can_edit %}<form method="post" class="svc-form svc-card" id="movein"><input type="hidden" name="csrf" value="{{ csrf }}">
<input type="hidden" name="do" value="move_in"><h2>{{ T.rent_move_in }}</h2>
<label>{{ T.rent_name }}<input name="name" required maxlength="40" autocomplete="off"></label>
<label>{{ T.rent_phone }}<input name="phone" type="tel" required maxlength="20" autocomplete="off"></label>
<label>{{ T.rent_id }}<input name="id_no" required maxlength="18" autocomplete="off"></label>
<label>{{ T.rent_people }}<input name="people" type="number" min="1" max="10" value="1" required></label>
<label>{{ T.rent_in }}<input name="moved_in_on" type="date" value="{{ today }}" max="{{ today }}" required></label>
<button type="submit">{{ T.rent_move_in }}</button></form>{% endif %}
{% if can_check %}<form method="post" class="svc-form svc-card"><input type="hidden" name="csrf" value="{{ csrf }}">
<input type="hidden" name="do" value="check"><h2>{{ T.rent_check }}</h2>
<label class="svc-inline"><input type="radio" name="matches" value="yes" required> {{ T.rent_match }}</label>
<label class="svc-inline"><input type="radio" name="matches" value="no"> {{ T.rent_mismatch }}</label>
<label>{{ T.rent_note }}<input name="note" maxlength="200"></label><button type="submit">{{ T.rent_check_save }}</button></form>{% endif %}
"""


def rental_page(code: dict):
    """The rental unit's plate page: public facts only (no occupancy, no names)."""
    from data_access.services import rentals

    lang = current_lang()
    with read_session(db_url()) as s:
        u = rentals.public_unit(s, code["subject_id"], utcnow())
    if u is None:
        raise _NoCode
    ok, _err = _flash()
    T = _T(lang, version=t("svc_plate_version", lang, v=code["version"]))
    T.update({k.removeprefix("svc_"): t(k, lang) for k in _rent_keys()})
    body = render_template_string(RENTAL, T=T, u=u, code=code, ok=ok)
    return _page(f"{u['building']} {u['unit_no']} · {t('svc_rental_code', lang)}", body, brand_key="svc_rental_code")


def _rent_keys() -> list[str]:
    from web.i18n.services import TR

    return [k for k in TR if k.startswith(("rent_", "svc_rental")) and "{" not in TR[k][0]]


@bp.route("/c/<token>/tenants", methods=["GET", "POST"])
def tenants(token: str):
    """The unit's tenant register: landlord and grid worker keep it (full data); seats read it masked."""
    from data_access.roles import SEAT_ROLES, TENANT_ROLES
    from data_access.services import rentals

    code = _code_or_404(token)
    who = current_principal()
    if who.role not in TENANT_ROLES | SEAT_ROLES:
        if who.user_id is not None:
            record(who, "tenant_register", f"plate:{code['short_code']}", "denied")
            abort(403)
        return redirect(f"/login?next=/c/{token}/tenants")
    if code["kind"] != "rental" or code["status"] != "active":
        return _redirect(token)
    lang = current_lang()
    ok = err = ""
    status = 200
    if request.method == "POST":
        bad = _form_guard(token)
        if bad:
            return bad
        err = _tenant_post(token)
        if not err:
            return redirect(f"/c/{token}/tenants?ok=saved", code=303)
        status = 400
    if request.args.get("ok") == "saved":
        ok = t("rent_ok_saved", lang)
    with read_session(db_url()) as s:
        u = rentals.public_unit(s, code["subject_id"], utcnow())
        reg = rentals.register(s, code["subject_id"], who.role)
    if u is None:
        raise _NoCode
    T = {k.removeprefix("svc_"): t(k, lang) for k in _rent_keys()}
    body = render_template_string(
        TENANTS,
        T=T,
        u=u,
        code=code,
        tenants=reg,
        ok=ok,
        err=err,
        csrf=csrf_token(),
        who=t("svc_signed_in_as", lang, who=who.username),
        can_edit=who.role in TENANT_ROLES,
        can_check=who.role in ("grid", "admin"),
        today=to_local(utcnow()).date().isoformat(),
    )
    return _page(t("rent_register", lang), body, status, brand_key="svc_rental_code")


def _tenant_post(token: str) -> str:
    """Run the register command of the posted form; '' on success, else the message."""
    from web.i18n import TR

    f = request.form
    by = actor()
    lang = current_lang()

    def day(raw: str):
        try:
            return datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError:
            raise Refused(cmd.Code.INVALID, "rent_bad_date") from None

    try:
        what = f.get("do")
        if what == "move_in":
            try:
                people = int(f.get("people", ""))
            except ValueError:
                people = 0
            execute(
                db_url(),
                by,
                "tenant_move_in",
                "plate",
                lambda s: cmd.tenant_move_in(
                    s,
                    by,
                    token,
                    f.get("name", "")[:60],
                    f.get("phone", "")[:30],
                    f.get("id_no", "")[:30],
                    people,
                    day(f.get("moved_in_on", "")),
                ),
            )
        elif what == "move_out":
            tid = int(f.get("tenant", "0")) if f.get("tenant", "").isdigit() else 0
            execute(
                db_url(),
                by,
                "tenant_move_out",
                "plate",
                lambda s: cmd.tenant_move_out(s, by, token, tid, day(f.get("on", ""))),
            )
        elif what == "check":
            if f.get("matches") not in ("yes", "no"):
                return t("rent_bad_check", lang)
            execute(
                db_url(),
                by,
                "rental_check",
                "plate",
                lambda s: cmd.unit_check(s, by, token, f.get("matches") == "yes", f.get("note", "")[:300]),
            )
        else:
            return t("cmd_invalid", lang)
    except Refused as r:
        if r.detail == "denied":
            return t("denied", lang)
        return t(r.detail, lang) if r.detail in TR else refusal(r.code.value, r.detail, lang)
    return ""


def _form_guard(token: str):
    """CSRF token of the page's session and a same-site origin; a device cookie for ratings."""
    sent = request.form.get("csrf", "")
    if not sent or not secrets.compare_digest(sent, session.get("csrf", "")):
        return _redirect(token, err="svc_bad_form")
    origin = request.headers.get("Origin")
    if origin and origin.split("://", 1)[-1] != request.host:
        abort(403)
    return None


def _hash(value: str) -> str:
    return shop_data.keyed_hash(current_settings().secret_key, value)


@bp.post("/c/<token>/rating")
@limiter.limit(FORM_LIMIT)
def rate(token: str):
    _code_or_404(token)
    bad = _form_guard(token)
    if bad:
        return bad
    device = request.cookies.get(DEVICE_COOKIE, "")
    if not DEVICE_RE.match(device):
        return _redirect(token, err="svc_need_cookie", anchor="#rate")
    try:
        stars = int(request.form.get("stars", ""))
    except ValueError:
        return _redirect(token, err="svc_bad_stars", anchor="#rate")
    comment = request.form.get("comment", "")[:1000]
    by = actor()
    try:
        execute(
            db_url(),
            by,
            "shop_rating",
            "plate",
            lambda s: cmd.rate(s, by, token, stars, comment, _hash(device), _hash(client_ip())),
        )
    except Refused as r:
        return _redirect(token, err=_err_key(r), anchor="#rate")
    return _redirect(token, ok="rated", anchor="#rating")


@bp.post("/c/<token>/complaint")
@limiter.limit(FORM_LIMIT)
def complain(token: str):
    _code_or_404(token)
    bad = _form_guard(token)
    if bad:
        return bad
    f = request.form
    by = actor()
    try:
        no = execute(
            db_url(),
            by,
            "shop_complaint",
            "plate",
            lambda s: cmd.complain(s, by, token, f.get("kind", ""), f.get("text", "")[:2000], f.get("phone", "")[:40]),
        )
    except Refused as r:
        return _redirect(token, err=_err_key(r), anchor="#complain")
    return _redirect(token, ok="complained", no=no)


@bp.post("/c/<token>/fake")
@limiter.limit(FORM_LIMIT)
def report_fake(token: str):
    _code_or_404(token)
    bad = _form_guard(token)
    if bad:
        return bad
    f = request.form
    by = actor()
    try:
        no = execute(
            db_url(),
            by,
            "fake_plate",
            "plate",
            lambda s: cmd.complain(s, by, token, "fake_plate", f.get("text", "")[:2000], f.get("phone", "")[:40]),
        )
    except Refused as r:
        return _redirect(token, err=_err_key(r))
    return _redirect(token, ok="reported", no=no)


def _err_key(r: Refused) -> str:
    from web.i18n import TR

    return r.detail if r.detail in TR else f"cmd_{r.code.value}"


# ---- inspectors -----------------------------------------------------------------------------
@bp.route("/c/<token>/inspect", methods=["GET", "POST"])
def inspect(token: str):
    code = _code_or_404(token)
    who = current_principal()
    if who.role not in INSPECT_ROLES:
        if who.user_id is not None:
            record(who, "shop_inspection", f"plate:{code['short_code']}", "denied")
            abort(403)
        return redirect(f"/login?next=/c/{token}/inspect")
    if code["kind"] != "shop" or code["status"] != "active":
        return _redirect(token)
    lang = current_lang()
    err = ""
    if request.method == "POST":
        bad = _form_guard(token)
        if bad:
            err = t("svc_bad_form", lang)
        else:
            out = _inspect_post(token)
            if out is None:
                return _redirect(token, ok="inspected", anchor="#inspections")
            err = t(out, lang) if out.startswith("svc_") or out.startswith("cmd_") else out
    with read_session(db_url()) as s:
        shop = shop_data.public_shop(s, code["subject_id"], utcnow())
    if shop is None:
        abort(404)
    items = [(k, t(f"svc_item_{k}", lang)) for k in shop_data.items_for(shop["trade"])]
    body = render_template_string(
        INSPECT,
        T=_T(lang),
        s=shop,
        code=code,
        csrf=csrf_token(),
        err=err,
        items=items,
        who=t("svc_signed_in_as", lang, who=who.username),
        tomorrow=(to_local(utcnow()).date() + timedelta(days=1)).isoformat(),
    )
    return _page(t("svc_inspect_title", lang), body, 400 if err else 200)


def _inspect_post(token: str) -> str | None:
    """Run the inspection command from the form; None on success, else the error's key."""
    f = request.form
    with read_session(db_url()) as s:
        code = codes.resolve(s, token)
        shop = shop_data.public_shop(s, code["subject_id"], utcnow()) if code else None
    if shop is None:
        return "svc_not_found"
    checklist = {}
    for k in shop_data.items_for(shop["trade"]):
        v = f.get(f"item_{k}")
        if v not in ("ok", "no"):
            return "svc_bad_checklist"
        checklist[k] = v == "ok"
    deadline = None
    if f.get("rectify_by"):
        try:
            day = datetime.strptime(f["rectify_by"], "%Y-%m-%d").date()
        except ValueError:
            return "svc_bad_deadline"
        local_end = datetime.combine(day, time(23, 59))
        deadline = local_end - (to_local(local_end) - local_end)  # local end of day -> naive UTC
    photo = None
    up = request.files.get("photo")
    if up is not None and up.filename:
        data = up.read(1_500_001)
        mime = "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg" if data[:3] == b"\xff\xd8\xff" else ""
        if not mime or len(data) > 1_500_000:
            return "svc_bad_photo"
        photo = (data, mime)
    by = actor()
    try:
        execute(
            db_url(),
            by,
            "shop_inspection",
            "plate",
            lambda s: cmd.inspect(
                s, by, token, checklist, f.get("result", ""), f.get("issues", "")[:2000], deadline, photo
            ),
        )
    except Refused as r:
        return _err_key(r) if _err_key(r) != f"cmd_{r.code.value}" else refusal(r.code.value, r.detail, current_lang())
    return None


# ---- plates (seats) -------------------------------------------------------------------------
def _plate_roles():
    who = current_principal()
    if who.role not in CODE_ROLES:
        record(who, "plates", request.path, "denied")
        abort(403)
    return who


def plate_url(token: str) -> str:
    base = current_settings().public_base_url.rstrip("/") or request.host_url.rstrip("/")
    return f"{base}/c/{token}"


@bp.get("/services/plates/<kind>/<int:subject_id>.<fmt>")
def plate_image(kind: str, subject_id: int, fmt: str):
    _plate_roles()
    if kind not in codes.KINDS or fmt not in ("svg", "png"):
        abort(404)
    from web.plates import plate_png, plate_svg

    with read_session(db_url()) as s:
        df = codes.plates(s, kind)
    row = df[df["subject_id"] == subject_id]
    if row.empty:
        abort(404)
    r = row.iloc[0].to_dict()
    lang = current_lang()
    args = dict(
        url=plate_url(r["token"]),
        kind=kind,
        title=r["title"],
        short_code=r["short_code"],
        version=int(r["version"]),
        lang=lang,
    )
    if fmt == "svg":
        resp = make_response(plate_svg(**args))
        resp.headers["Content-Type"] = "image/svg+xml; charset=utf-8"
    else:
        resp = make_response(plate_png(**args, font=current_settings().osd_font))
        resp.headers["Content-Type"] = "image/png"
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["Content-Disposition"] = f'inline; filename="{r["short_code"]}.{fmt}"'
    return resp


SHEET = """<!doctype html><html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}"><head><meta charset="utf-8">
<title>{{ title }}</title><link rel="stylesheet" href="/assets/services_m.css"></head>
<body class="svc-sheet"><h1 class="svc-sheet-h">{{ title }} <span>{{ count }}</span></h1>
<div class="svc-sheet-grid">{% for p in plates %}<div class="svc-sheet-cell">{{ p }}</div>{% endfor %}</div>
</body></html>"""


@bp.get("/services/plates/sheet")
def plate_sheet():
    _plate_roles()
    from web.plates import plate_svg

    kind = request.args.get("kind", "shop")
    group = request.args.get("group", "")[:60]
    if kind not in codes.KINDS or not group:
        abort(404)
    with read_session(db_url()) as s:
        df = codes.plates(s, kind, group)
    if df.empty:
        abort(404)
    lang = current_lang()
    plates = [
        Markup(
            plate_svg(
                url=plate_url(r.token),
                kind=kind,
                title=r.title,
                short_code=r.short_code,
                version=int(r.version),
                lang=lang,
            )
        )
        for r in df.itertuples()
    ]
    html = render_template_string(
        SHEET, lang=lang, title=f"{group} · {t(f'svc_{kind}_code', lang)}", count=len(plates), plates=plates
    )
    return html, 200, {"Cache-Control": "no-store"}


PLATES = """<!doctype html><html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ T.plates_title }}</title><link rel="stylesheet" href="/assets/services_m.css"></head>
<body class="svc-m svc-wide"><header class="svc-top"><span class="svc-brand">{{ T.plates_title }}</span></header><main>
{% if msg %}<p class="svc-flash svc-flash-ok" role="status">{{ msg }}</p>{% endif %}
{% if err %}<p class="svc-flash svc-flash-err" role="alert">{{ err }}</p>{% endif %}
<section class="svc-card"><h2>{{ T.plates_revoke }}</h2>
<form method="post" action="/services/plates/revoke" class="svc-form"><input type="hidden" name="csrf" value="{{ csrf }}">
<label>{{ T.plates_short }}<input name="short_code" required maxlength="12" pattern="[SRsr][0-9]{5}"></label>
<label>{{ T.plates_reason }}<input name="reason" required maxlength="200"></label>
<button type="submit">{{ T.plates_revoke }}</button></form></section>
{% for title, kind, gs in groups %}<section class="svc-card"><h2>{{ title }}</h2><ul class="svc-list">
{% for g, n in gs %}<li><a href="/services/plates/sheet?kind={{ kind }}&group={{ g|urlencode }}">{{ g }}</a>
 <span class="svc-sub">{{ n }}</span></li>{% endfor %}</ul></section>{% endfor %}
</main></body></html>"""


@bp.get("/services/plates")
def plates_index():
    _plate_roles()
    lang = current_lang()
    with read_session(db_url()) as s:
        groups = [
            (t("svc_plates_streets", lang), "shop", codes.groups(s, "shop")),
            (t("svc_plates_buildings", lang), "rental", codes.groups(s, "rental")),
        ]
    msg = ""
    if request.args.get("revoked") and re.match(r"^[SR]\d{5}$", request.args["revoked"]):
        v = request.args.get("v", "")
        msg = t("svc_plates_revoked", lang, code=request.args["revoked"], v=v if v.isdigit() else "?")
    err_key = request.args.get("err", "")
    from web.i18n import TR

    err = t(err_key, lang) if err_key in TR and err_key.startswith(("svc_", "cmd_")) else ""
    html = render_template_string(PLATES, lang=lang, T=_T(lang), groups=groups, csrf=csrf_token(), msg=msg, err=err)
    return html, 200, {"Cache-Control": "no-store"}


@bp.post("/services/plates/revoke")
def plates_revoke():
    _plate_roles()
    sent = request.form.get("csrf", "")
    if not sent or not secrets.compare_digest(sent, session.get("csrf", "")):
        abort(400, "missing or wrong CSRF token")
    sc = request.form.get("short_code", "").strip().upper()
    if not re.match(r"^[SR]\d{5}$", sc):
        return redirect("/services/plates?err=cmd_invalid", code=303)
    kind = "shop" if sc[0] == "S" else "rental"
    by = actor()
    try:
        new = execute(
            db_url(),
            by,
            "code_revoke",
            sc,
            lambda s: cmd.revoke(s, by, kind, int(sc[1:]), request.form.get("reason", "")),
        )
    except Refused as r:
        return redirect(f"/services/plates?err={_err_key(r)}", code=303)
    return redirect(f"/services/plates?revoked={sc}&v={new['version']}", code=303)


@bp.get("/services/photos/<path:event_id>")
def inspection_photo(event_id: str):
    who = current_principal()
    if who.role not in INSPECT_ROLES | {"officer", "auditor"}:
        abort(403)
    if not re.match(r"^inspect:[0-9a-f]{32}$", event_id):
        abort(404)
    with read_session(db_url()) as s:
        p = shop_data.photo(s, event_id)
    if p is None:
        abort(404)
    return p[0], 200, {"Content-Type": p[1], "Cache-Control": "no-store"}


__all__ = ["bp"]
