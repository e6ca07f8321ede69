"""Database chores: `python -m data_access migrate [--demo-users]`; the audit log's anchor and check:
`python -m data_access audit anchor [--every 60]` appends the chain's head to the anchor file (each minute with
--every), `python -m data_access audit verify` checks the keyed chain and every anchor (exit 1 on any problem)."""

from __future__ import annotations

import argparse
import sys
import time

from data_access import accounts
from data_access.db import read_session, write_session
from data_access.schema import migrate
from data_access.themes import community
from settings import SETTINGS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data_access")
    sub = parser.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("migrate", help="bring the schema to the newest revision")
    m.add_argument("--url", default=SETTINGS.database_url)
    m.add_argument("--demo-users", action="store_true", default=SETTINGS.demo_users)
    a = sub.add_parser("audit", help="anchor or verify the audit log's chain")
    a.add_argument("what", choices=("anchor", "verify"))
    a.add_argument("--url", default=SETTINGS.database_url)
    a.add_argument("--anchor-file", default=SETTINGS.audit_anchor_path)
    a.add_argument("--every", type=float, default=0, help="anchor: repeat every N seconds (0: once)")
    args = parser.parse_args(argv)
    if args.cmd == "audit":
        sys.exit(audit_main(args))
    migrate(args.url)
    if args.demo_users:
        with write_session(args.url) as s:
            n = accounts.ensure_demo_users(s)
            n += community.ensure_demo_staff(s)  # the smart community's demo worker (theme pages)
        print(f"demo users added: {n}")
    print("schema up to date")


def audit_main(args: argparse.Namespace) -> int:
    if args.what == "verify":
        with read_session(args.url) as s:
            v = accounts.verify_audit(s, args.anchor_file)
        for problem in v.problems:
            print(f"FAIL {problem}")
        print(f"audit log: {v.rows} rows, {v.anchors} anchors: {'intact' if v.ok else 'TAMPERED'}")
        return 0 if v.ok else 1
    while True:
        with read_session(args.url) as s:
            line = accounts.anchor_head(s, args.anchor_file)
        if line:
            print(f"anchored row {line['id']} at {line['at']}", flush=True)
        if not args.every:
            return 0
        time.sleep(args.every)


if __name__ == "__main__":
    main()
