"""How the video tiles play, from the stream URL template (the page and the media routes decide alike)."""

from __future__ import annotations

from urllib.parse import urlsplit

from web.context import current_settings


def kind(template: str | None = None) -> str:
    """How tiles play: 'sim' (frames made by this app), 'hls', 'mjpeg', or 'gateway' (RTSP/GB28181: not
    playable in a browser without a gateway in front)."""
    template = current_settings().stream_url_template if template is None else template
    if template.startswith("/"):
        return "sim"
    if not template.startswith(("http://", "https://")):
        return "gateway"
    return "hls" if urlsplit(template).path.endswith(".m3u8") else "mjpeg"
