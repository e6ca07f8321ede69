"""Command line: python -m simulators seed | backfill | live (see --help)."""

from __future__ import annotations

import argparse
import logging
from datetime import date, datetime, timedelta

from settings import SETTINGS


def _common(parser: argparse.ArgumentParser, *, url, seed) -> None:
    parser.add_argument("--url", default=url, help="database URL (default: CC_DATABASE_URL)")
    parser.add_argument(
        "--seed",
        type=int,
        default=seed,
        help="random seed (default: the one the database's static city was built with, else CC_SIM_SEED); "
        "a seed that differs from the database's is refused",
    )


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and run one mode."""
    p = argparse.ArgumentParser(prog="python -m simulators")
    _common(p, url=SETTINGS.database_url, seed=None)
    common = argparse.ArgumentParser(add_help=False)
    # why: --url and --seed are accepted before or after the mode; SUPPRESS keeps a mode's parser from overwriting
    # the value given before it with its own default
    _common(common, url=argparse.SUPPRESS, seed=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="mode", required=True)
    sub.add_parser("seed", parents=[common], help="create the schema and the static city")
    b = sub.add_parser("backfill", parents=[common], help="simulate history (fast)")
    b.add_argument("--start", type=date.fromisoformat)
    b.add_argument("--end", type=date.fromisoformat)
    b.add_argument(
        "--recent-days",
        type=int,
        default=None,
        help="instead of --start/--end: the last N days up to now (never writes the future)",
    )
    b.add_argument(
        "--settle",
        type=date.fromisoformat,
        default=None,
        help="run lifecycles of the window's tickets until this day (default: 57 days after --end)",
    )
    b.add_argument("--scale", type=float, default=1.0)
    lv = sub.add_parser("live", parents=[common], help="simulate in real time (or faster)")
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
    a = p.parse_args(argv)
    if a.mode == "backfill" and a.recent_days is None and not (a.start and a.end):
        p.error("backfill needs --start and --end, or --recent-days")
    from data_access.schema import migrate
    from simulators import city

    migrate(a.url)
    seed = a.seed
    if seed is None:  # the database remembers its seed: feeds that fit its static city without repeating it
        seed = city.recorded_seed(a.url)
        seed = SETTINGS.sim_seed if seed is None else seed
    try:
        city.seed(a.url, seed)
    except city.SeedMismatch as exc:
        p.exit(2, f"{p.prog} {a.mode}: error: {exc}\n")
    if a.mode == "backfill":
        from simulators import runner

        if a.recent_days is not None:
            now = datetime.utcnow()
            today = (now + timedelta(hours=8)).date()
            stats = runner.backfill(
                a.url, today - timedelta(days=a.recent_days), today, seed=seed, scale=a.scale, settle=today, until=now
            )
        else:
            stats = runner.backfill(a.url, a.start, a.end, seed=seed, scale=a.scale, settle=a.settle)
        print(stats)
    elif a.mode == "live":
        from simulators import runner

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        runner.live(a.url, seed=seed, speed=a.speed, scale=a.scale, tick=a.tick, start=a.start, until=a.until)


if __name__ == "__main__":
    main()
