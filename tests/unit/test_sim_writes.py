"""Write-API paths the simulators lean on: alert reviews in the same and a later batch, camera faults, replays."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from data_access.db import read_session, write_session
from data_access.events import AlertRaised, AlertReviewed, CameraStatus, TicketCreated
from data_access.models import Camera, Gauge, Ticket, VideoAlert
from data_access.writes import apply

AT = datetime(2024, 3, 4, 2, 0)


def test_alert_review_same_and_later_batch_and_camera_fault(city_url):
    with read_session(city_url) as s:
        cam = s.scalars(select(Camera.id).limit(1)).one()
    a1 = AlertRaised("t:a1", cam, "CG07", 0.9, (0.1, 0.1, 0.3, 0.3), AT)
    a2 = AlertRaised("t:a2", cam, "CG07", 0.5, (0.1, 0.1, 0.3, 0.3), AT)
    case = TicketCreated(
        "t:c1", "CGTEST0001", "cm", "video_ai", "SJ0102", "暴露垃圾", "视频AI发现", AT + timedelta(minutes=2)
    )
    with write_session(city_url) as s:
        r = apply(
            s,
            [
                a1,
                a2,
                case,
                AlertReviewed("t:r1", "t:a1", "confirmed", AT + timedelta(minutes=2), ticket_no="CGTEST0001"),
                CameraStatus("t:cs1", cam, AT, online=False, quality_fault="loss"),
            ],
        )
    assert r.applied == 5
    with write_session(city_url) as s:
        r = apply(
            s,
            [
                AlertReviewed("t:r2", "t:a2", "false_positive", AT + timedelta(hours=1)),
                AlertReviewed("t:r1", "t:a1", "confirmed", AT),
            ],
        )  # a replay is skipped
    assert (r.applied, r.skipped) == (1, 1)
    with read_session(city_url) as s:
        alerts = {a.event_id: a for a in s.scalars(select(VideoAlert))}
        tid = s.scalar(select(Ticket.id).where(Ticket.ticket_no == "CGTEST0001"))
        assert alerts["t:a1"].status == "confirmed" and alerts["t:a1"].ticket_id == tid
        assert alerts["t:a2"].status == "false_positive" and alerts["t:a2"].reviewed_at is not None
        assert s.get(Camera, cam).online is False
        new = s.scalars(select(Gauge.n).where(Gauge.subject == "alert", Gauge.key == "new")).all()
        assert sum(new) == 0
        online = s.scalars(select(Gauge.n).where(Gauge.subject == "camera", Gauge.key == "online")).all()
        offline = s.scalars(select(Gauge.n).where(Gauge.subject == "camera", Gauge.key == "offline")).all()
        assert (sum(online), sum(offline)) == (2027, 1)
