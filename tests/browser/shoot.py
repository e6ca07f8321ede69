"""Screenshots for looking at pages: python tests/browser/shoot.py URL [URL ...] [--sizes 1920x1080,3840x2160]."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-gpu",
    "--no-sandbox",
]


def launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("urls", nargs="+")
    ap.add_argument("--sizes", default="1920x1080,3840x2160,7680x2160")
    ap.add_argument("--out", default="screenshots")
    ap.add_argument("--wait", type=float, default=6.0)
    ap.add_argument("--login", default="", help="username (demo password) to sign in first")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        for size in a.sizes.split(","):
            w, h = (int(x) for x in size.split("x"))
            page = browser.new_page(viewport={"width": w, "height": h})
            page.on("console", lambda m: m.type in ("error", "warning") and print("console:", m.type, m.text))
            if a.login:
                base = re.match(r"https?://[^/]+", a.urls[0]).group(0)
                page.goto(base + "/login")
                page.fill("input[name=username]", a.login)
                page.fill("input[name=password]", "Demo-2024!pass")
                page.click("button[type=submit]")
            for url in a.urls:
                page.goto(url)
                page.wait_for_timeout(a.wait * 1000)
                name = re.sub(r"[^a-z0-9]+", "_", url.split("//", 1)[-1].split("/", 1)[-1].lower()).strip("_") or "root"
                path = out / f"{name}_{w}x{h}.png"
                page.screenshot(path=str(path))
                print(path)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
