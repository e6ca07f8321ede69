"""Command line: python -m simulators seed | backfill | live (see --help)."""

from __future__ import annotations

import argparse
import logging
from datetime import date, datetime, timedelta

from settings import SETTINGS


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and run one mode."""
    p = argparse.ArgumentParser(prog="python -m simulators")
    p.add_argument("--url", default=SETTINGS.database_url)
    p.add_argument("--seed", type=int, default=SETTINGS.sim_seed)
    sub = p.add_subparsers(dest="mode", required=True)
    sub.add_parser("seed", help="create the schema and the static city")
    b = sub.add_parser("backfill", help="simulate history (fast)")
    b.add_argument("--start", type=date.fromisoformat)
    b.add_argument("--end", type=date.fromisoformat)
    b.add_argument("--recent-days", type=int, default=None,
                   help="instead of --start/--end: the last N days up to now (never writes the future)")
    b.add_argument(
        "--settle",
        type=date.fromisoformat,
        default=None,
        help="run lifecycles of the window's tickets until this day (default: 57 days after --end)",
    )
    b.add_argument("--scale", type=float, default=1.0)
    b.add_argument("--seed", type=int, dest="seed2", default=None)
    b.add_argument("--url", dest="url2", default=None)
    lv = sub.add_parser("live", help="simulate in real time (or faster)")
    lv.add_argument("--speed", type=float, default=SETTINGS.sim_speed)
    lv.add_argument("--scale", type=float, default=SETTINGS.sim_scale)
    lv.add_argument("--tick", type=float, default=3.0, help="seconds between writes")
    lv.add_argument(
        "--start",
        type=datetime.fromisoformat,
        default=None,
        help="simulated UTC start (default: now); a restart resumes after the last event written",
    )
    lv.add_argument("--until", type=datetime.fromisoformat, default=None, help="stop at this simulated UTC time")
    lv.add_argument("--seed", type=int, dest="seed2", default=None)
    lv.add_argument("--url", dest="url2", default=None)
    a = p.parse_args(argv)
    url = getattr(a, "url2", None) or a.url
    seed = a.seed2 if getattr(a, "seed2", None) is not None else a.seed
    from simulators import city

    city.seed(url, seed)
    if a.mode == "backfill":
        from simulators import runner

        if a.recent_days is not None:
            now = datetime.utcnow()
            today = (now + timedelta(hours=8)).date()
            stats = runner.backfill(url, today - timedelta(days=a.recent_days), today, seed=seed, scale=a.scale,
                                    settle=today, until=now)
        elif a.start and a.end:
            stats = runner.backfill(url, a.start, a.end, seed=seed, scale=a.scale, settle=a.settle)
        else:
            p.error("backfill needs --start and --end, or --recent-days")
        print(stats)
    elif a.mode == "live":
        from simulators import runner

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        runner.live(url, seed=seed, speed=a.speed, scale=a.scale, tick=a.tick, start=a.start, until=a.until)


if __name__ == "__main__":
    main()
