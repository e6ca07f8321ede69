"""The situation report (态势报告) of one incident: facts, casualties, clocks, timeline, plan tasks, dispatched
resources, as a printable page and as XLSX sheets. Text from data is escaped; a drill's report carries 演练."""

from __future__ import annotations

from datetime import datetime
from html import escape

import pandas as pd
from sqlalchemy.orm import Session

from data_access.emergency import incidents as iq
from data_access.worktime import to_local
from web.i18n import t


def situation(session: Session, incident_id: int, *, role: str, now: datetime) -> dict | None:
    view = iq.command_view(session, incident_id, role=role, now=now)
    if view is not None:
        view["now"] = now
    return view


def _hm(at) -> str:
    return "" if at is None or pd.isna(at) else to_local(at).strftime("%Y-%m-%d %H:%M")


def _kind_label(kind: str, lang: str) -> str:
    from web.i18n import TR

    for key in (f"em_tl_{kind}", f"em_act_{kind}"):
        if key in TR:
            return t(key, lang)
    return kind


def report_rows(d: dict, lang: str) -> list[tuple[str, list[list]]]:
    """The report as sheets of rows (the first row of each is its header)."""
    f = d["facts"]
    drill = t("em_drill", lang) if f["exercise"] else ""
    facts = [
        [t("em_sr_title", lang), drill],
        [t("em_col_title", lang), f["title"]],
        [t("em_col_level", lang), t(f"em_level_{f['level']}", lang)],
        [t("em_col_category", lang), t(f"em_cat_{f['category']}", lang) + " / " + str(f["kind"])],
        [t("em_col_stage", lang), t(f"em_stage_{f['stage']}", lang)],
        [t("em_col_town", lang), f["town"]],
        [t("em_col_time", lang), _hm(f["started_at"])],
        [t("em_c_facts", lang), f["description"]],
        *[[t(f"em_c_{k}", lang), int(f[k])] for k in ("dead", "injured", "missing", "evacuated")],
        [t("em_sr_generated", lang, t=_hm(d["now"])), ""],
    ]
    clocks = [[t("em_c_clocks", lang), "due", "filed", "state"]] + [
        [t(f"em_clock_{c.key}", lang), _hm(c.due), _hm(c.filed_at), c.state] for c in d["clocks"]
    ]
    tl = d["timeline"]
    timeline = [[t("em_c_timeline", lang), "", "", ""]] + [
        [_hm(r["at"]), _kind_label(r["kind"], lang), r["note"], r["actor"]] for r in tl.to_dict("records")
    ]
    tasks = [[t("em_c_plan", lang), "", "", ""]] + [
        [r["action"], r["department"], _hm(r["due_at"]), t(f"em_task_{r['state']}", lang)]
        for r in d["tasks"].to_dict("records")
    ]
    disp = [[t("em_c_dispatched", lang), "", "", ""]] + [
        [r["name"], t(f"em_dstate_{r['state']}", lang), r["eta_minutes"], r["distance_km"]]
        for r in d["dispatches"].to_dict("records")
    ]
    return [
        (t("em_c_facts", lang), facts),
        (t("em_c_clocks", lang), clocks),
        (t("em_c_timeline", lang), timeline),
        (t("em_c_plan", lang), tasks),
        (t("em_c_dispatched", lang), disp),
    ]


def report_html(d: dict, lang: str) -> str:
    """A self-contained printable page (no script, no external resource)."""
    f = d["facts"]
    parts = []
    for name, rows in report_rows(d, lang):
        head, *body = rows
        cells = "".join(f"<th>{escape(str(c))}</th>" for c in head)
        trs = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in body)
        parts.append(
            f"<section><h2>{escape(name)}</h2><table><thead><tr>{cells}</tr></thead><tbody>{trs}</tbody></table></section>"
        )
    mark = f'<div class="wm">{escape(t("em_drill", lang))}</div>' if f["exercise"] else ""
    title = escape(f"{t('em_sr_title', lang)} · {f['title']}")
    return f"""<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<title>{title}</title><style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; margin: 2rem; color: #111; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.1rem; border-bottom: 2px solid #333; margin-top: 1.5rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9rem; }}
td, th {{ border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }}
.wm {{ position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 12rem; font-weight: 900;
  color: rgba(120, 60, 200, 0.15); transform: rotate(-18deg); pointer-events: none; }}
</style></head><body>{mark}<h1>{title}</h1>
{"".join(parts)}</body></html>"""
