"""Any seed works end to end from the command line, the database remembers it, and no simulator command writes into
the source tree (generated data lives in the database, the default one under var/)."""

from __future__ import annotations

import hashlib
import re
import subprocess

import pytest
from sqlalchemy import func, select

from data_access.db import read_session
from data_access.models import Building, EventLog, Ticket
from settings import ROOT
from simulators import city, geo
from simulators.__main__ import main


def tracked_state() -> tuple[str, dict[str, str]]:
    """`git status` of the worktree (when it is one) and a digest of every file under assets/."""
    try:
        status = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        status = "not a git worktree"
    digests = {
        str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((ROOT / "assets").rglob("*"))
        if p.is_file()
    }
    return status, digests


def stats(out: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"(applied|skipped|dropped)=(\d+)", out)}


def events(url: str) -> int:
    with read_session(url) as s:
        return s.scalar(select(func.count()).select_from(EventLog))


def test_seed_2_then_backfill_2_works_and_another_seed_is_refused(db_url, capsys):
    before = tracked_state()
    main(["--url", db_url, "seed", "--seed", "2"])
    main(["--url", db_url, "backfill", "--recent-days", "3", "--seed", "2", "--scale", "0.5"])
    first = stats(capsys.readouterr().out)
    assert first["applied"] > 500 and first["dropped"] == 0  # every ticket, alert and incident fits the city
    assert city.recorded_seed(db_url) == 2
    with read_session(db_url) as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) > 100
        assert s.scalar(select(func.count()).select_from(Building)) == len(geo.buildings(2)["features"])
    written = events(db_url)

    with pytest.raises(SystemExit) as refused:
        main(["--url", db_url, "backfill", "--recent-days", "1", "--seed", "1"])
    assert refused.value.code == 2
    assert "built with seed 2, not 1" in capsys.readouterr().err
    assert events(db_url) == written and city.recorded_seed(db_url) == 2  # refused before writing anything

    main(["--url", db_url, "backfill", "--recent-days", "1", "--scale", "0.5"])  # no --seed: the recorded one
    again = stats(capsys.readouterr().out)
    assert again["skipped"] > 0 and again["dropped"] == 0 and events(db_url) >= written
    assert tracked_state() == before
