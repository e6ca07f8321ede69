"""Database chores: `python -m data_access migrate [--demo-users]`."""

from __future__ import annotations

import argparse

from data_access import accounts
from data_access.db import write_session
from data_access.schema import migrate
from data_access.themes import community
from settings import SETTINGS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data_access")
    sub = parser.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("migrate", help="bring the schema to the newest revision")
    m.add_argument("--url", default=SETTINGS.database_url)
    m.add_argument("--demo-users", action="store_true", default=SETTINGS.demo_users)
    args = parser.parse_args(argv)
    migrate(args.url)
    if args.demo_users:
        with write_session(args.url) as s:
            n = accounts.ensure_demo_users(s)
            n += community.ensure_demo_staff(s)  # the smart community's demo worker (theme pages)
        print(f"demo users added: {n}")
    print("schema up to date")


if __name__ == "__main__":
    main()
