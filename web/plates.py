"""Printable plates for 一铺一码 / 一户一码: the QR code (segno) carrying the plate URL, the unit's name and short
code, as SVG (vector, for the print shop and the sheet) or PNG (Pillow, for a phone or a label printer)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import segno

from web.i18n import t

RED, INK = "#c8102e", "#1a1a1a"
W, H = 300, 420


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def plate_svg(*, url: str, kind: str, title: str, short_code: str, version: int, lang: str = "zh") -> str:
    """A 60 x 84 mm plate; every text is XML-escaped."""
    inner = _qr(url).svg_inline(omitsize=True, border=1, dark=INK)
    inner = inner.replace("<svg ", '<svg x="40" y="86" width="220" height="220" ', 1)
    brand = f"{t('svc_city', lang)} · {t(f'svc_{kind}_code', lang)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="60mm" height="84mm" '
        f'role="img" aria-label="{escape(short_code)}">'
        f'<rect x="3" y="3" width="{W - 6}" height="{H - 6}" rx="18" fill="#fff" stroke="{RED}" stroke-width="6"/>'
        f'<path d="M3 21a18 18 0 0 1 18-18h{W - 42}a18 18 0 0 1 18 18v51H3z" fill="{RED}"/>'
        f'<text x="{W / 2}" y="48" fill="#fff" font-size="26" font-weight="700" text-anchor="middle" '
        f'font-family="Noto Sans CJK SC, sans-serif">{escape(brand)}</text>'
        f"{inner}"
        f'<text x="{W / 2}" y="334" fill="{INK}" font-size="20" text-anchor="middle" '
        f'font-family="Noto Sans CJK SC, sans-serif">{escape(title[:16])}</text>'
        f'<text x="{W / 2}" y="374" fill="{RED}" font-size="32" font-weight="700" text-anchor="middle" '
        f'font-family="DejaVu Sans Mono, monospace" letter-spacing="3">{escape(short_code)}</text>'
        f'<text x="{W / 2}" y="400" fill="#666" font-size="12" text-anchor="middle" '
        f'font-family="Noto Sans CJK SC, sans-serif">{escape(t("svc_plate_scan", lang))} · '
        f"{escape(t('svc_plate_version', lang, v=version))}</text>"
        "</svg>"
    )


def plate_png(
    *, url: str, kind: str, title: str, short_code: str, version: int, lang: str = "zh", font: str = ""
) -> bytes:
    """The same plate as a 600 x 840 PNG."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 2
    img = Image.new("RGB", (W * scale, H * scale), "white")
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((6, 6, W * scale - 6, H * scale - 6), radius=36, outline=RED, width=12)
    d.rounded_rectangle((6, 6, W * scale - 6, 144), radius=36, fill=RED)
    d.rectangle((6, 100, W * scale - 6, 144), fill=RED)

    def f(size: int):
        try:
            return ImageFont.truetype(font, size) if font else ImageFont.load_default(size)
        except OSError:
            return ImageFont.load_default(size)

    brand = f"{t('svc_city', lang)} · {t(f'svc_{kind}_code', lang)}"
    d.text((W * scale / 2, 96), brand, fill="white", font=f(50), anchor="ms")
    buf = io.BytesIO()
    _qr(url).save(buf, kind="png", scale=10, border=1, dark=INK)
    q = Image.open(io.BytesIO(buf.getvalue())).convert("RGB").resize((440, 440), Image.Resampling.NEAREST)
    img.paste(q, (80, 172))
    d.text((W * scale / 2, 668), title[:16], fill=INK, font=f(40), anchor="ms")
    d.text((W * scale / 2, 748), short_code, fill=RED, font=f(64), anchor="ms")
    d.text(
        (W * scale / 2, 800),
        f"{t('svc_plate_scan', lang)} · {t('svc_plate_version', lang, v=version)}",
        fill="#666",
        font=f(24),
        anchor="ms",
    )
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
