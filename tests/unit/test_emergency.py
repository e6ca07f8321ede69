"""Emergency command (#14): the lifecycle through the write API, versioned (two commanders: one wins), audited in
the same transaction; the reporting clocks and supervision; plans, dispatches with road-graph ETAs; drills never
counted in real statistics; a level raised to II takes the wall."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from data_access.accounts import Principal
from data_access.db import read_session, write_session
from data_access.emergency import clocks as ck
from data_access.emergency import incidents as q
from data_access.models import AuditLog, DailyCounter, Incident, IncidentTask
from data_access.wall.alarms import incident_alarms
from web.commands import alarms
from web.commands import emergency as cmd
from web.commands.base import Actor, Code, Refused, execute

T0 = datetime(2024, 7, 1, 2, 0)  # 10:00 local
OFFICER = Actor(Principal(1, "zhangwei", "officer"), "127.0.0.1", "rid-1")
COMMANDER = Actor(Principal(3, "commander2", "supervisor"), "127.0.0.1", "rid-3")
VISITOR = Actor(Principal(4, "guest", "visitor"), "127.0.0.1", "rid-4")
FIRE = cmd.NewIncident("危化品泄漏", 4, "宁东某化工厂甲醇储罐泄漏", 38.12, 106.62, "罐区东侧阀门泄漏")


def new(url, form=FIRE, at=T0, actor=OFFICER) -> str:
    return execute(url, actor, "incident:report", "incident:new", lambda s: cmd.report_incident(s, actor, form, at))


def step(url, eid, version, action, actor=OFFICER, at=None, **kw):
    st = cmd.Step(eid, version, action, **kw)
    return execute(url, actor, f"incident:{action}", f"incident:{eid}", lambda s: cmd.act(s, actor, st, at or T0))


def facts(url, eid):
    with read_session(url) as s:
        inc = q.find(s, eid)
        return inc.stage, inc.level, inc.version, inc.status


def audit_rows(url):
    with read_session(url) as s:
        return s.execute(select(AuditLog.username, AuditLog.action, AuditLog.result).order_by(AuditLog.id)).all()


def test_the_whole_lifecycle_is_on_the_timeline_with_who_and_when_and_audited(city_url):
    eid = new(city_url)
    v = 1
    path = [
        ("verify", {}),
        ("initial", {}),
        ("respond", {"level": 3}),
        ("report", {"target": "county", "note": "首报"}),
        ("relevel", {"level": 2, "note": "泄漏扩大，下风向有村庄"}),
        ("expand", {}),
        ("handled", {}),
        ("recover", {}),
        ("close", {"note": "评估：处置得当"}),
    ]
    for i, (action, kw) in enumerate(path, start=1):
        done = step(city_url, eid, v, action, at=T0 + timedelta(minutes=5 * i), **kw)
        assert done.version == v + 1
        v = done.version
    assert facts(city_url, eid) == ("closed", 2, v, "closed")
    with read_session(city_url) as s:
        tl = q.timeline(s, q.find(s, eid).id, "officer")
        public = q.timeline(s, q.find(s, eid).id, "visitor")
    assert list(tl["kind"]) == ["report", "verify", "initial", "respond", "report_up", "relevel", "expand",
                                "handled", "recover", "close"]  # fmt: skip
    assert list(tl["stage"])[-1] == "closed" and set(tl["actor"]) == {"zhangwei"}
    assert tl["at"].is_monotonic_increasing
    assert set(public["actor"]) == {""}  # a visitor never sees who
    acts = [a for _u, a, r in audit_rows(city_url) if r == "ok"]
    assert acts == ["incident:report", *[f"incident:{a}" for a, _ in path]]


def test_two_commanders_one_wins_the_other_is_refused_and_nothing_changes(city_url):
    eid = new(city_url)
    step(city_url, eid, 1, "verify")  # both commanders now hold version 2
    step(city_url, eid, 2, "respond", level=3)
    with pytest.raises(Refused) as exc:
        step(city_url, eid, 2, "respond", actor=COMMANDER, level=4)
    assert exc.value.code is Code.CONFLICT and exc.value.detail == "em_err_conflict"
    assert facts(city_url, eid) == ("response", 3, 3, "active")
    assert audit_rows(city_url)[-1] == ("commander2", "incident:respond", "error")


def test_steps_out_of_order_bad_input_and_roles_are_refused_and_change_nothing(city_url):
    eid = new(city_url)
    with pytest.raises(Refused) as exc:
        step(city_url, eid, 1, "close")
    assert exc.value.code is Code.CONFLICT and exc.value.detail.startswith("em_err_stage_not_allowed")
    with pytest.raises(Refused) as exc:
        step(city_url, eid, 1, "respond")  # no level
    assert exc.value.code is Code.INVALID
    step(city_url, eid, 1, "verify")
    step(city_url, eid, 2, "respond", level=4)
    with pytest.raises(Refused) as exc:
        step(city_url, eid, 3, "relevel", level=3)  # no reason
    assert exc.value.detail == "em_err_reason_required"
    with pytest.raises(Refused) as exc:
        step(city_url, eid, 3, "report", target="city")  # the county first
    assert exc.value.detail == "em_err_report_in_order"
    for bad in ({"level": "II"}, {"level": 9}):
        with pytest.raises(Refused):
            step(city_url, eid, 3, "relevel", note="x", **bad)
    with pytest.raises(Refused) as exc:
        step(city_url, eid, 3, "verify", actor=VISITOR)
    assert exc.value.code is Code.DENIED
    with pytest.raises(Refused):
        new(city_url, cmd.NewIncident("火灾", 4, "<b>x</b>", 40.0, 106.3))  # outside Lingwu
    with pytest.raises(Refused):
        new(city_url, cmd.NewIncident("不存在的类型", 4, "x", 38.1, 106.3))
    assert facts(city_url, eid) == ("response", 4, 3, "active")


def test_raising_an_incident_to_level_two_takes_the_wall_again_after_an_ack(city_url):
    eid = new(city_url)
    with write_session(city_url) as s:
        alarms.acknowledge(s, OFFICER, f"incident:{eid}")  # a level IV never held the wall; acked anyway
    step(city_url, eid, 2, "verify")
    step(city_url, eid, 3, "respond", level=3)
    with read_session(city_url) as s:
        assert [a.key for a in incident_alarms(s, T0)] == []
    step(city_url, eid, 4, "relevel", level=2, note="extension of the leak")
    with read_session(city_url) as s:
        held = incident_alarms(s, T0)
    assert [(a.key, a.severity) for a in held] == [(f"incident:{eid}", 2)]


def test_a_drill_runs_the_same_flow_and_never_counts_in_real_statistics(city_url):
    drill = cmd.NewIncident("火灾", 2, "演练：人民广场火灾", 38.10, 106.34, exercise=True)
    eid = new(city_url, drill)
    step(city_url, eid, 1, "verify")
    with read_session(city_url) as s:
        assert q.counts(s).empty
        assert s.scalar(select(func.count()).select_from(DailyCounter).where(DailyCounter.subject == "incident")) == 0
        rows = q.incident_list(s, T0)
    assert rows["exercise"].tolist() == [True]
    new(city_url)
    with read_session(city_url) as s:
        assert q.counts(s).to_dict("records") == [{"category": "accident", "level": 4, "n": 1}]


def test_clocks_count_down_turn_amber_then_red_and_an_overdue_report_is_supervised(city_url):
    eid = new(city_url)
    with read_session(city_url) as s:
        inc = q.find(s, eid)
        view = q.command_view(s, eid, role="officer", now=T0 + timedelta(minutes=20))
        assert [(c.key, c.state) for c in view["clocks"]] == [("county", "running")]
        assert view["clocks"][0].due == T0 + timedelta(hours=1)
        amber = q.command_view(s, inc.id, role="officer", now=T0 + timedelta(minutes=41))["clocks"][0]
        assert amber.state == "amber"
        assert q.supervision(s, T0 + timedelta(minutes=61))["clock"].tolist() == ["county"]
    later = T0 + timedelta(minutes=61)
    n = execute(city_url, OFFICER, "sup", "x", lambda s: cmd.supervise_overdue(s, OFFICER, later))
    again = execute(city_url, OFFICER, "sup", "x", lambda s: cmd.supervise_overdue(s, OFFICER, later))
    assert (n, again) == (1, 0)
    with read_session(city_url) as s:
        tl = q.timeline(s, q.find(s, eid).id, "officer")
    assert tl[tl["kind"] == "supervise"]["target"].tolist() == ["county"]


def test_each_level_up_has_two_hours_from_the_report_below_and_followups_run_until_close():
    t = T0
    steps = [
        ck.Step("report", t, 4),
        ck.Step("report_up", t + timedelta(minutes=40), 4, "county"),
        ck.Step("respond", t + timedelta(minutes=50), 3),
    ]
    got = {c.key: c for c in ck.clocks(t, 3, steps, t + timedelta(hours=1))}
    assert got["county"].state == "done"
    assert got["city"].starts == t + timedelta(minutes=50) and got["city"].due == t + timedelta(minutes=170)
    assert got["followup"].due == t + timedelta(minutes=40, hours=24)
    assert "region" not in got  # III goes as far as the city
    late = ck.clocks(t, 3, steps, t + timedelta(hours=3))
    assert {c.key: c.state for c in late}["city"] == "overdue"
    closed = ck.clocks(t, 3, steps, t + timedelta(days=3), closed_at=t + timedelta(hours=1))
    assert "followup" not in {c.key for c in closed}


def test_a_plan_copies_its_checklist_with_deadlines_and_tasks_are_done_due_or_late(city_url):
    eid = new(city_url)
    step(city_url, eid, 1, "verify")
    step(city_url, eid, 2, "plan", plan_code="YA-WH-01")
    with pytest.raises(Refused) as exc:
        step(city_url, eid, 3, "plan", plan_code="YA-WH-01")
    assert exc.value.detail == "em_err_plan_already_active"
    with pytest.raises(Refused):
        step(city_url, eid, 3, "plan", plan_code="YA-FX-01")  # a flood plan on a chemical leak
    with read_session(city_url) as s:
        inc = q.find(s, eid)
        first = s.scalars(
            select(IncidentTask).where(IncidentTask.incident_id == inc.id).order_by(IncidentTask.seq)
        ).first()
        assert first.due_at == T0 + timedelta(minutes=10)
        first_id = first.id
    step(city_url, eid, 3, "task_done", task_id=first_id, at=T0 + timedelta(minutes=8))
    with read_session(city_url) as s:
        tasks = q.tasks(s, q.find(s, eid).id, T0 + timedelta(minutes=25))
    assert len(tasks) == 6 and tasks["state"].tolist()[:4] == ["done", "late", "due", "open"]


def test_dispatch_eta_and_route_come_from_the_road_graph_and_states_move_on(city_url):
    eid = new(city_url)
    with read_session(city_url) as s:
        near = q.nearest_resources(s, 38.12, 106.62)
        team = int(near["id"].iloc[0])
    assert near["eta_minutes"].is_monotonic_increasing and near["eta_minutes"].notna().all()
    done = execute(city_url, OFFICER, "incident:dispatch", eid, lambda s: cmd.dispatch(s, OFFICER, eid, 1, team, T0))
    assert done.version == 2
    with pytest.raises(Refused) as exc:
        execute(city_url, OFFICER, "incident:dispatch", eid, lambda s: cmd.dispatch(s, OFFICER, eid, 2, team, T0))
    assert exc.value.detail == "em_err_dispatch_already"
    with read_session(city_url) as s:
        d = q.dispatches(s, q.find(s, eid).id)
    assert d["eta_minutes"].iloc[0] == pytest.approx(float(near["eta_minutes"].iloc[0]))
    assert len(d["route"].iloc[0]) >= 2 and d["state"].iloc[0] == "dispatched"
    step(city_url, eid, 2, "dispatch_state", dispatch_id=int(d["id"].iloc[0]), state="on_scene")
    with pytest.raises(Refused):
        step(city_url, eid, 3, "dispatch_state", dispatch_id=int(d["id"].iloc[0]), state="requested")
    with read_session(city_url) as s:
        assert q.dispatches(s, q.find(s, eid).id)["state"].tolist() == ["on_scene"]
        assert s.scalar(select(Incident.version).where(Incident.event_id == eid)) == 3
