"""Synthetic camera frames: a per-camera background rendered once, moving traffic and an OSD drawn per frame."""

from __future__ import annotations

import hashlib
import io
import random
import threading
from collections import OrderedDict
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from settings import SETTINGS

W, H = 480, 270  # sub-stream size (CIF-like): what a wall tile needs
FPS = 2.0
QUALITY = 68
CST = timezone(timedelta(hours=8))
INDOOR = {"hall"}


@lru_cache(maxsize=4)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The OSD font (CJK when settings.osd_font exists, Pillow's default otherwise)."""
    try:
        return ImageFont.truetype(SETTINGS.osd_font, size)
    except OSError:
        return ImageFont.load_default(size)


def _rng(camera_id: str) -> random.Random:
    return random.Random(int(hashlib.sha1(camera_id.encode()).hexdigest()[:12], 16))


def _outdoor(d: ImageDraw.ImageDraw, r: random.Random, horizon: int) -> None:
    top = (r.randint(70, 110), r.randint(110, 150), r.randint(160, 200))
    for y in range(horizon):
        k = y / horizon
        d.line([(0, y), (W, y)], fill=tuple(int(c * (1 - 0.35 * k) + 200 * 0.35 * k) for c in top))
    ground = (r.randint(70, 95), r.randint(80, 100), r.randint(60, 80))
    d.rectangle([0, horizon, W, H], fill=ground)
    x = -20
    while x < W:  # skyline
        bw, bh = r.randint(30, 80), r.randint(30, horizon - 10)
        shade = r.randint(90, 150)
        d.rectangle([x, horizon - bh, x + bw, horizon], fill=(shade, shade - 8, shade - 20))
        for wy in range(horizon - bh + 6, horizon - 6, 10):
            for wx in range(x + 5, x + bw - 6, 10):
                if r.random() < 0.6:
                    d.rectangle([wx, wy, wx + 4, wy + 5], fill=(shade + 40, shade + 40, shade + 25))
        x += bw + r.randint(0, 12)
    road_top, road_bottom = horizon + 18, H - 40
    d.polygon([(0, road_bottom), (W, road_bottom), (W, road_top), (0, road_top)], fill=(58, 60, 64))
    mid = (road_top + road_bottom) // 2
    for x0 in range(0, W, 40):
        d.rectangle([x0, mid - 1, x0 + 20, mid + 1], fill=(220, 220, 200))
    for x0 in range(r.randint(0, 40), W, r.randint(60, 110)):  # trees on the verge
        d.ellipse([x0, road_top - 26, x0 + 18, road_top - 4], fill=(40, r.randint(90, 120), 50))


def _indoor(d: ImageDraw.ImageDraw, r: random.Random, horizon: int) -> None:
    d.rectangle([0, 0, W, horizon], fill=(178, 176, 166))
    d.rectangle([0, horizon, W, H], fill=(150, 140, 125))
    for x0 in range(0, W, 32):
        d.line([(x0, horizon), (W // 2 + (x0 - W // 2) * 2, H)], fill=(135, 126, 112))
    for i in range(r.randint(3, 5)):  # service counters with screens
        x0 = 20 + i * 95
        d.rectangle([x0, horizon - 40, x0 + 80, horizon + 10], fill=(90, 110, 140))
        d.rectangle([x0 + 25, horizon - 62, x0 + 55, horizon - 44], fill=(40, 60, 90))


@lru_cache(maxsize=96)
def background(camera_id: str, kind: str, fault: str | None) -> Image.Image:
    """The static part of a camera's picture (fault variants included), rendered once per camera."""
    r = _rng(camera_id)
    img = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(img)
    horizon = r.randint(95, 130)
    (_indoor if kind in INDOOR else _outdoor)(d, r, horizon)
    if fault == "blur":
        img = img.filter(ImageFilter.GaussianBlur(4))
    elif fault == "colour":
        img = Image.merge("RGB", (img.getchannel(0).point(lambda v: min(255, v + 70)), *img.split()[1:]))
    return img


def _movers(d: ImageDraw.ImageDraw, camera_id: str, kind: str, t: float) -> None:
    """Cars along the road and people walking: positions are functions of time, nothing is stored."""
    r = _rng(camera_id + ":movers")
    road = (H - 40 + 130) // 2
    if kind not in INDOOR:
        for _ in range(r.randint(2, 4)):
            speed, lane, phase = r.uniform(25, 70), r.choice((-1, 1)), r.uniform(0, W + 80)
            x = (phase + speed * t) % (W + 80) - 60
            x = x if lane > 0 else W - x
            y = road + (8 if lane > 0 else -22)
            colour = r.choice(((200, 40, 40), (230, 230, 230), (30, 30, 35), (40, 90, 170), (200, 170, 40)))
            d.rounded_rectangle([x, y, x + 46, y + 16], 4, fill=colour)
            d.rectangle([x + 10, y - 7, x + 34, y + 2], fill=tuple(int(c * 0.7) for c in colour))
    for _ in range(r.randint(2, 5)):
        speed, phase, y = r.uniform(6, 16), r.uniform(0, W), r.randint(H - 38, H - 14)
        x = (phase + speed * t) % W
        d.ellipse([x, y - 14, x + 6, y - 8], fill=(60, 45, 40))
        d.rectangle([x, y - 8, x + 6, y + 4], fill=r.choice(((50, 70, 120), (140, 40, 40), (60, 60, 60))))


def _osd(d: ImageDraw.ImageDraw, name: str, at: datetime) -> None:
    """On-screen display as cameras burn it in: timestamp top left, channel name bottom right."""
    stamp = at.astimezone(CST).strftime("%Y-%m-%d %H:%M:%S +08:00")
    d.text((8, 6), stamp, font=font(15), fill=(255, 255, 255), stroke_width=2, stroke_fill=(0, 0, 0))
    f = font(16)
    w = d.textlength(name, font=f)
    d.text((W - w - 8, H - 26), name, font=f, fill=(255, 255, 255), stroke_width=2, stroke_fill=(0, 0, 0))


def render(camera_id: str, name: str, kind: str, fault: str | None, at: datetime) -> bytes:
    """One JPEG frame at `at` (aware or naive UTC). A frozen camera repeats its picture, OSD included."""
    out = io.BytesIO()
    picture(camera_id, name, kind, fault, at).save(out, "JPEG", quality=QUALITY)
    return out.getvalue()


def picture(camera_id: str, name: str, kind: str, fault: str | None, at: datetime) -> Image.Image:
    """The camera's picture at `at`, as an RGB image (JPEG for MJPEG, H.264 for the gateway's HLS)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    if fault == "freeze":
        at = at.replace(minute=0, second=0, microsecond=0)
    img = background(camera_id, kind, fault).copy()
    d = ImageDraw.Draw(img)
    _movers(d, camera_id, kind, at.timestamp() % 86400)
    if fault == "occlusion":  # something in front of the lens: it hides the traffic too
        d.ellipse([W * 0.15, -H * 0.3, W * 0.95, H * 0.9], fill=(18, 18, 20))
    _osd(d, name, at)
    return img


class FrameCache:
    """Frames by (camera, frame slot): N viewers of one camera cost one render per slot."""

    def __init__(self, size: int = 128):
        self.size = size
        self.frames: OrderedDict[tuple, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, camera_id: str, name: str, kind: str, fault: str | None, at: datetime) -> bytes:
        aware = at if at.tzinfo else at.replace(tzinfo=UTC)
        slot = int(aware.timestamp() * FPS)
        key = (camera_id, slot, fault, name)
        with self.lock:
            hit = self.frames.get(key)
            if hit is not None:
                self.frames.move_to_end(key)
                return hit
        frame = render(camera_id, name, kind, fault, at)
        with self.lock:
            self.frames[key] = frame
            while len(self.frames) > self.size:
                self.frames.popitem(last=False)
        return frame


FRAMES = FrameCache()
