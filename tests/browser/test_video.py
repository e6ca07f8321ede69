"""The video wall in a real browser: tree filters, 16 live tiles, alert pinning, review -> case, 信号中断."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.models import Camera, Ticket, VideoAlert
from data_access.worktime import utcnow
from data_access.writes import apply

pytestmark = pytest.mark.browser
FRAMES = "() => Array.from(document.querySelectorAll('#video-wall .video-tile')).map(t => +t.getAttribute('data-frames') || 0)"


def write(db_url: str, events: list) -> None:
    with write_session(db_url) as s:
        apply(s, events)


def camera_ids(db_url: str, n: int, town: str | None = None) -> list[str]:
    with read_session(db_url) as s:
        q = select(Camera.id).order_by(Camera.online.desc(), Camera.id)
        if town:
            q = q.where(Camera.town_code == town)
        return list(s.scalars(q.limit(n)))


def raise_alert(db_url: str, key: str, cam: str, algo: str = "CG07") -> str:
    event_id = f"test-alert-{key}-{time.time_ns()}"
    write(db_url, [ev.AlertRaised(event_id, cam, algo, 0.87, (0.2, 0.3, 0.5, 0.7), utcnow(), simulated=False)])
    return event_id


def open_wall(page, base: str) -> None:
    page.goto(base + "/video")
    page.wait_for_selector("#video-wall .video-tile >> nth=15")
    try:
        page.wait_for_function(f"() => ({FRAMES})().filter(n => n >= 2).length === 16", timeout=20000)
    except Exception:
        print(
            "FRAMES",
            page.evaluate(FRAMES),
            page.evaluate(
                "() => Array.from(document.querySelectorAll('#video-wall .video-tile')).map(t => t.className + '/' + t.dataset.cam)"
            ),
        )
        raise


def test_tree_filters_the_channel_list_and_search_finds_an_id(live, watched):
    page = watched.page
    watched.login(live.url, "officer")  # cameras are for seats only
    page.goto(live.url + "/video")
    page.wait_for_selector(".video-chan")
    before = page.inner_text("#video-count")
    page.click(".video-node:has-text('东塔镇')")
    page.wait_for_function(f"() => document.querySelector('#video-count').innerText !== {before!r}")
    titles = page.eval_on_selector_all(".video-chan", "els => els.map(e => e.title)")
    assert titles and all("东塔镇" in t for t in titles)
    assert "selected" in page.get_attribute(".video-node:has-text('东塔镇')", "class")
    cam = camera_ids(live.db_url, 1)[0]
    page.fill("#video-search", cam)
    page.click(".video-node:has-text('全部通道')")
    page.wait_for_function(f"() => document.querySelectorAll('.video-chan').length === 1 && "
                           f"document.querySelector('.video-chan').dataset.cam === '{cam}'")  # fmt: skip
    page.fill("#video-search", "<script>")
    page.wait_for_selector("#video-search-msg:has-text('只能输入')")


def test_sixteen_tiles_stream_changing_frames(live, watched):
    page = watched.page
    watched.login(live.url, "officer")  # cameras are for seats only
    media: list[str] = []
    page.on("request", lambda r: "/media/" in r.url and media.append(r.url))
    open_wall(page, live.url)
    tile = page.locator("#video-wall .video-tile").nth(5)
    first = tile.screenshot()
    page.wait_for_timeout(1500)
    assert tile.screenshot() != first  # the picture moves and the burned-in clock ticks
    assert len(media) == 1 and media[0].count(",") == 15  # one connection carries the 16 visible tiles


def test_an_injected_alert_pins_its_camera_with_the_box(live, watched):
    page = watched.page
    watched.login(live.url, "officer")  # cameras are for seats only
    open_wall(page, live.url)
    cam = camera_ids(live.db_url, 40)[-1]  # not on the wall yet
    page.wait_for_function("() => window.cc_video.state().primed")  # alerts from before the page are history
    raise_alert(live.db_url, "pin", cam)
    tile = f"#video-wall .video-tile.pinned[data-cam='{cam}']"
    page.wait_for_selector(tile, timeout=15000)
    box = page.eval_on_selector(
        f"{tile} .video-box", "b => [b.style.display, b.style.left, b.style.top, b.style.width]"
    )
    assert box[0] == "block" and box[1] == "20%" and box[2] == "30%" and box[3].startswith("30")
    assert "暴露垃圾" in page.inner_text(f"{tile} .video-caption") and "87%" in page.inner_text(
        f"{tile} .video-caption"
    )
    page.wait_for_function(f"() => +document.querySelector(\"{tile}\").getAttribute('data-frames') >= 2", timeout=10000)


def test_officer_confirms_an_alert_into_a_video_ai_case_once(live, watched):
    page = watched.page
    watched.login(live.url, "officer")
    cam = camera_ids(live.db_url, 3)[-1]
    alert = raise_alert(live.db_url, "confirm", cam, algo="CG20")
    page.goto(live.url + "/video")
    button = page.locator(f".video-q[data-alert='{alert}'] .video-act.confirm")
    button.wait_for(timeout=15000)
    button.evaluate("b => { b.click(); b.click(); }")  # a double click must not create two cases
    page.wait_for_selector("#video-review-msg:has-text('已确认')", timeout=20000)
    page.wait_for_selector(f".video-q[data-alert='{alert}']", state="detached", timeout=20000)
    with read_session(live.db_url) as s:
        row = s.scalars(select(VideoAlert).where(VideoAlert.event_id == alert)).one()
        cases = s.scalars(select(Ticket).where(Ticket.id == row.ticket_id)).all()
        assert row.status == "confirmed" and len(cases) == 1
        case = cases[0]
        assert (case.stream, case.channel_code, case.category_code) == ("cm", "video_ai", "SJ0505")
        assert s.scalars(select(Ticket).where(Ticket.content.contains(alert))).all() == [case]


def test_offline_camera_shows_signal_lost_while_the_others_play(live, watched):
    page = watched.page
    watched.login(live.url, "officer")  # cameras are for seats only
    open_wall(page, live.url)
    cam = page.get_attribute("#video-wall .video-tile >> nth=3", "data-cam")
    try:
        write(live.db_url, [ev.CameraStatus(f"test-off-{time.time_ns()}", cam, utcnow(), online=False)])
        t0 = time.time()
        page.wait_for_selector("#video-wall .video-tile.lost >> nth=0", timeout=12000)
        assert time.time() - t0 < 10  # status is re-read each second; the tile switches on the next part
        lost = page.locator(f"#video-wall .video-tile[data-cam='{cam}']").first
        assert "lost" in lost.get_attribute("class")
        assert "信号中断" in lost.inner_text() and "最后画面" in lost.inner_text()
        assert lost.locator(".video-img").is_hidden()  # never a frozen frame that looks live
        before = page.evaluate(FRAMES)
        page.wait_for_timeout(3000)
        after = page.evaluate(FRAMES)
        playing = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if b > a]
        cams = page.eval_on_selector_all("#video-wall .video-tile", "ts => ts.map(t => t.dataset.cam)")
        others = [i for i, c in enumerate(cams) if c != cam]
        assert 3 not in playing and set(playing) == set(others)  # every other tile keeps playing
    finally:
        write(live.db_url, [ev.CameraStatus(f"test-on-{time.time_ns()}", cam, utcnow(), online=True)])


def test_camera_link_opens_one_channel_and_a_bad_id_is_ignored(live, watched):
    page = watched.page
    watched.login(live.url, "officer")  # cameras are for seats only
    cam = camera_ids(live.db_url, 7)[-1]
    page.goto(f"{live.url}/video?camera={cam}")
    page.wait_for_function(
        f"() => document.querySelectorAll('#video-wall .video-tile').length === 1 && "
        f"+document.querySelector(\"#video-wall .video-tile[data-cam='{cam}']\")?.getAttribute('data-frames') >= 2",
        timeout=15000,
    )
    page.goto(f"{live.url}/video?camera=javascript:alert(1)")
    page.wait_for_selector("#video-wall .video-tile >> nth=15")
    assert page.get_attribute("#video-page", "data-camera") == ""


def test_patrol_rotates_the_group_and_a_saved_layout_comes_back(live, watched, browser):
    """An officer's layout is kept on the server: another seat (a new browser) lists and applies it; the browser
    keeps nothing about layouts, and an anonymous visitor neither sees it nor may save."""
    from tests.browser.conftest import Watched

    page = watched.page
    watched.login(live.url, "officer")
    page.goto(live.url + "/video")
    page.wait_for_selector("#video-wall .video-tile[data-cam^='6401'] >> nth=15")
    page.click("[data-layout='4']")
    page.fill("#video-save-name", "四分屏")
    page.click("#video-save")
    page.wait_for_selector("#video-layout-msg:has-text('已保存布局')", timeout=10000)
    page.wait_for_selector("#video-saved option:has-text('四分屏')", state="attached", timeout=10000)
    saved = page.eval_on_selector_all("#video-wall .video-tile", "ts => ts.map(t => t.dataset.cam)")
    assert len(saved) == 4
    page.fill("#video-dwell", "5")
    page.press("#video-dwell", "Tab")
    page.click("#video-patrol")
    page.wait_for_function(
        f"() => {{ const c = Array.from(document.querySelectorAll('#video-wall .video-tile')).map(t => t.dataset.cam);"
        f" return c.length === 4 && c.every(x => !{saved!r}.includes(x)); }}",
        timeout=15000,
    )
    page.click("#video-patrol")  # stop
    storage = "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    assert "四分屏" not in page.evaluate(storage) and not any(c in page.evaluate(storage) for c in saved)
    page.goto("about:blank")  # the officer leaves this seat: signing in elsewhere ends this session

    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})  # another seat
    other = Watched(ctx.new_page())
    try:
        seat = other.page
        seat.goto(live.url + "/video")
        seat.wait_for_selector("#video-wall .video-tile >> nth=15")
        seat.wait_for_function("() => document.getElementById('video-save-tools').title !== ''", timeout=10000)
        assert seat.is_disabled("#video-save") and seat.is_disabled("#video-saved-delete")
        assert "四分屏" not in seat.inner_text("#video-saved")
        other.login(live.url, "officer")
        seat.goto(live.url + "/video")
        seat.wait_for_selector("#video-wall .video-tile[data-cam^='6401'] >> nth=15")
        seat.wait_for_selector("#video-saved option:has-text('四分屏')", state="attached", timeout=10000)
        seat.select_option("#video-saved", label="四分屏")
        seat.wait_for_function(
            f"() => JSON.stringify(Array.from(document.querySelectorAll('#video-wall .video-tile'))"
            f".map(t => t.dataset.cam)) === {json.dumps(json.dumps(saved, separators=(',', ':')))}",
            timeout=10000,
        )
        held = seat.evaluate(storage)
        assert "四分屏" not in held and not any(c in held for c in saved)  # nothing about layouts in the browser
    finally:
        ctx.close()
    assert not other.problems, "\n".join(other.problems)
