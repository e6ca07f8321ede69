"""The one translation table: every user-facing string, Simplified Chinese first, English second. Page tables\nlive beside this module (gis, hotline, video, wall) and are merged below, by explicit import."""

from __future__ import annotations

from settings import SETTINGS
from web.i18n import data, gis, hotline, themes, video, wall
from web.i18n import emergency as emergency_tr
from web.i18n import services as services_tr

LANGS = ("zh", "en")
COOKIE = "cc_lang"

TR: dict[str, tuple[str, str]] = {
    # shell
    "center_name": ("灵武市智慧城市运营中心", "Lingwu Smart City Operation Center"),
    "center_short": ("城市运营中心", "City Operation Center"),
    "heartbeat": ("数据心跳", "Data heartbeat"),
    "login": ("登录", "Sign in"),
    "logout": ("退出", "Sign out"),
    "guest": ("访客", "Guest"),
    "lang_switch": ("English", "中文"),
    "age_s": ("{n} 秒前", "{n} s ago"),
    "age_m": ("{n} 分钟前", "{n} min ago"),
    "age_h": ("{n} 小时前", "{n} h ago"),
    "loading": ("加载中…", "Loading…"),
    "no_data": ("暂无数据", "No data"),
    "stale": ("数据延迟", "Delayed"),
    "dead": ("数据中断", "Data interrupted"),
    "error": ("读取失败", "Read failed"),
    "live": ("实时", "Live"),
    # nearest cameras (every page's list)
    "meters": ("{n} 米", "{n} m"),
    "cam_online": ("在线", "Online"),
    "cam_offline": ("离线", "Offline"),
    "cam_in_view": ("在视野内", "In view"),
    "cam_out_view": ("不在视野内", "Out of view"),
    "cam_open_video": ("查看视频", "Open video"),
    # roles
    "role_wall": ("大屏", "Wall"),
    "role_visitor": ("访客", "Visitor"),
    "role_officer": ("值班员", "Duty officer"),
    "role_supervisor": ("督办员", "Supervisor"),
    "role_admin": ("管理员", "Administrator"),
    "role_auditor": ("审计员", "Auditor"),
    # pages
    "page_overview": ("城市运行态势", "City overview"),
    # overview panels
    "kpi_hotline_received": ("12345 今日受理", "12345 received today"),
    "kpi_hotline_closed": ("12345 今日办结", "12345 closed today"),
    "kpi_cm_received": ("城管案件 今日", "City cases today"),
    "kpi_alert_raised": ("AI 告警 今日", "AI alerts today"),
    "kpi_open": ("在办工单", "Open tickets"),
    "kpi_overdue": ("超期工单", "Overdue tickets"),
    "kpi_satisfaction": ("满意率 (30 日)", "Satisfaction (30 days)"),
    "unit_items": ("件", "items"),
    "unit_pct": ("%", "%"),
    "vs_yesterday": ("较昨日同时段", "vs same time yesterday"),
    "vs_last_week": ("较上周同时段", "vs same time last week"),
    "vs_yesterday_7d": ("较昨日 (7 日)", "vs yesterday (7 d)"),
    "vs_last_week_7d": ("较上周 (7 日)", "vs last week (7 d)"),
    # what each KPI counts (its tile's last line; the drill-down lists the same tickets)
    "scope_hotline": ("12345 热线 · 全渠道", "12345 hotline · every channel"),
    "scope_cm": ("数字城管 · 信息收集", "City management · reports"),
    "scope_overdue_all": ("12345 + 数字城管 · 在办且已过时限", "12345 + city mgmt · open, past due"),
    "scope_overdue_hotline": ("仅 12345 · 在办且已过时限", "12345 only · open, past due"),
    "scope_open_hotline": ("仅 12345 · 未办结", "12345 only · not closed"),
    "scope_rated": ("12345 · 近 30 日评价 {n} 件", "12345 · {n} rated in 30 days"),
    "scope_alerts": ("全部 AI 算法", "Every AI algorithm"),
    "panel_trend": ("近 30 日受理趋势", "Requests, last 30 days"),
    "panel_top_categories": ("近 7 日高频诉求", "Top request types, 7 days"),
    "panel_feed": ("实时工单", "Live tickets"),
    "panel_map": ("在办工单分布", "Open tickets on the map"),
    "stream_hotline": ("12345 热线", "12345 hotline"),
    "stream_cm": ("数字城管", "City management"),
    # ticket statuses
    "st_accepted": ("已受理", "Accepted"),
    "st_pending_sign": ("待签收", "Awaiting sign"),
    "st_in_progress": ("办理中", "In progress"),
    "st_extension_pending": ("延期审批", "Extension asked"),
    "st_replied": ("已回复", "Replied"),
    "st_closed": ("已办结", "Closed"),
    "st_rated": ("已评价", "Rated"),
    "st_reported": ("已上报", "Reported"),
    "st_registered": ("已立案", "Registered"),
    "st_dispatched": ("已派遣", "Dispatched"),
    "st_disposed": ("已处置", "Disposed"),
    "st_cancelled": ("已作废", "Cancelled"),
    "st_merged": ("已并入", "Merged"),
    # errors
    "notfound_title": ("页面不存在", "Page not found"),
    "notfound_text": ("您访问的地址不存在或已移动。", "The address you opened does not exist or has moved."),
    "notfound_home": ("返回城市运行态势", "Back to the city overview"),
    "denied": ("无权执行此操作", "You are not allowed to do this"),
    # command refusals (web/commands: Code)
    "cmd_invalid": ("输入有误", "Invalid input"),
    "cmd_denied": ("无权执行此操作", "You are not allowed to do this"),
    "cmd_not_found": ("对象不存在", "Not found"),
    "cmd_conflict": ("已被他人更新，请刷新后重试", "Changed by someone else; refresh and try again"),
    "cmd_failed": (
        "操作未完成，未做任何更改（操作或其审计记录未能写入），请稍后重试",
        "Not done, nothing was changed (the action or its audit record could not be written); try again later",
    ),
}


def _merge(*tables: dict[str, tuple[str, str]]) -> None:
    """Each page keeps its strings in its own module here; all of them form this one table (no key twice)."""
    for part in tables:
        clash = set(part) & set(TR)
        if clash:
            raise KeyError(f"redefined translation keys {sorted(clash)}")
        TR.update(part)


_merge(gis.TR, hotline.TR, video.TR, wall.TR)
_merge(services_tr.TR)
_merge(themes.TR)
_merge(emergency_tr.TR)
_merge(data.TR)


def normalise(lang: str | None) -> str:
    return lang if lang in LANGS else SETTINGS.lang


def t(key: str, lang: str = "zh", **fmt: object) -> str:
    """The string for `key` in `lang`; a missing key raises KeyError (a test checks coverage)."""
    zh, en = TR[key]
    text = en if lang == "en" and en else zh
    return text.format(**fmt) if fmt else text


def current_lang() -> str:
    """The language of the current request (cookie), or the default outside a request."""
    from flask import has_request_context, request

    if not has_request_context():
        return SETTINGS.lang
    return normalise(request.cookies.get(COOKIE))


def refusal(code: str, detail: str, lang: str) -> str:
    """A command's refusal as a user reads it: its detail when that is a translation key (or starts with one,
    before a colon), else the code's text with the detail."""
    if detail in TR:
        return t(detail, lang)
    head, sep, rest = detail.partition(":")
    if sep and head in TR:
        return f"{t(head, lang)}:{rest}"
    return f"{t(f'cmd_{code}', lang)}: {detail}" if detail else t(f"cmd_{code}", lang)
