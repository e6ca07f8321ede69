"""A fuzzer over every server callback listed at /_dash-dependencies (security.md S3): each input and state in turn
gets wrong types, huge integers, long strings, NUL bytes and nested junk (pattern-matching ids too), as a signed-in
admin (every callback runs), the wall and an anonymous visitor; plus malformed bodies. No answer may be a 5xx or
carry a traceback. Bounded: a fixed, seeded plan of about 2,700 requests (10-20 s here)."""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter

import pytest

from data_access import accounts
from data_access.db import write_session
from data_access.writes import apply
from tests.factories import new_ticket
from tests.templates import CITY_USERS

JUNK: list = [
    None, True, False, 0, -1, 1, 7, 2**31, 2**63, -(2**63), 2**53 + 1, 10**30, 1.5, -0.0, 1e308,
    "", "x", "abc", "0", "-1", "2024-13-45", "x" * 5000, "\x00", "a\x00b", "<script>alert(1)</script>",
    "'; DROP TABLE ticket; --", "../../etc/passwd", "ALL", "incident:", "incident:" + "9" * 70, "宁A12345",
    [], [None], [1, 2, 3], ["x"] * 300, list(range(1000)), [[[[[]]]]], {}, {"a": 1}, {"id": None},
    {"rowIndex": "x", "colId": [], "value": {}}, {"points": [{"customdata": {"x": [1]}}]},
    {"object": {"properties": None}}, {"no": 2**63}, {"type": "dispatch", "index": 99999},
    [{"no": "C-1"}, {"no": None}], {"x": {"y": {"z": {"w": {"v": [1, {"u": "deep"}]}}}}},
]  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory, sqlite_templates, apps):
    url = sqlite_templates.copy(tmp_path_factory.mktemp("fuzz") / "fuzz.db", CITY_USERS)
    from datetime import datetime

    with write_session(url) as s:
        apply(s, [new_ticket(f"F-{i}", datetime(2024, 5, 6, 2, i)) for i in range(5)])
    return apps.dash(url, rate_limits=False), url


def signed_in(server, username: str | None):
    c = server.test_client()
    c.get("/")
    if username:
        page = c.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        r = c.post("/login", data={"username": username, "password": accounts.DEMO_PASSWORD, "csrf": token})
        assert r.status_code == 302
    return c


def concrete(id_str: str, rnd: random.Random) -> str | dict:
    """A concrete component id for a dependency's id (pattern-matching wildcards get junk values)."""
    if not id_str.startswith("{"):
        return id_str
    pid = json.loads(id_str)
    return {k: (rnd.choice(JUNK[:30]) if isinstance(v, list) else v) for k, v in pid.items()}


def outputs_of(spec: str) -> list[dict] | dict:
    """The `outputs` of a body for a dependency's output spec ("a.children" or "..a.children...b.style..")."""
    multi = spec.startswith("..")
    parts = spec.strip(".").split("...") if multi else [spec]
    outs = []
    for part in parts:
        ident, _, prop = part.rpartition(".")
        if ident.startswith("{"):
            pid = json.loads(ident)
            wild = any(isinstance(v, list) for v in pid.values())
            outs.append([] if wild else {"id": pid, "property": prop})
        else:
            outs.append({"id": ident, "property": prop})
    return outs if multi else outs[0]


def body_for(dep: dict, rnd: random.Random, target: tuple[str, int]) -> dict:
    """One call: every input and state empty (None) but the target one, junk (target ("all", 0): junk in all)."""

    def entries(kind: str) -> list:
        out = []
        for n, item in enumerate(dep[kind]):
            value = rnd.choice(JUNK) if target in ((kind, n), ("all", 0)) else None
            if item["id"].startswith("{") and any(isinstance(v, list) for v in json.loads(item["id"]).values()):
                count = rnd.choice([0, 1, 3])
                out.append([{"id": concrete(item["id"], rnd), "property": item["property"], "value": value}
                            for _ in range(count)])  # fmt: skip
            else:
                out.append({"id": concrete(item["id"], rnd), "property": item["property"], "value": value})
        return out

    inputs, state = entries("inputs"), entries("state")
    first = dep["inputs"][target[1] if target[0] == "inputs" else 0]
    changed = (
        first["id"] + "." + first["property"]
        if not first["id"].startswith("{")
        else json.dumps(concrete(first["id"], rnd), separators=(",", ":")) + "." + first["property"]
    )
    return {
        "output": dep["output"],
        "outputs": outputs_of(dep["output"]),
        "inputs": inputs,
        "state": state,
        "changedPropIds": [changed],
    }


MALFORMED = [
    b"", b"null", b"[]", b"{}", b'{"output": 5}', b'{"output": "nope.children", "inputs": []}',
    b"{" * 5000, b'{"output": "x", "inputs": "' + b"a" * 100000 + b'"}', b"\xff\xfe", b'{"a": NaN}',
]  # fmt: skip


def test_no_callback_answers_5xx_to_junk(server):
    app, _url = server
    rnd = random.Random(12)
    clients = {"admin": signed_in(app, "admin"), "wall": signed_in(app, "wall"), "anonymous": signed_in(app, None)}
    deps = [d for d in clients["admin"].get("/_dash-dependencies").get_json() if not d.get("clientside_function")]
    assert len(deps) > 30
    plan = []
    for dep in deps:
        slots = [("inputs", n) for n in range(len(dep["inputs"]))] + [("state", n) for n in range(len(dep["state"]))]
        for slot in slots:
            plan += [("admin", dep, slot)] * 16 + [("wall", dep, slot)] * 2 + [("anonymous", dep, slot)] * 2
        plan += [("admin", dep, ("all", 0))] * 16
    statuses: Counter = Counter()
    failures = []
    started = time.monotonic()
    for who, dep, slot in plan:
        body = body_for(dep, rnd, slot)
        r = clients[who].post("/_dash-update-component", json=body, headers={"Origin": "http://localhost"})
        statuses[r.status_code] += 1
        if r.status_code >= 500 or b"Traceback" in r.data:
            failures.append((who, dep["output"], slot, json.dumps(body, ensure_ascii=False)[:300]))
    for raw in MALFORMED:
        r = clients["admin"].post("/_dash-update-component", data=raw, headers={"Content-Type": "application/json"})
        statuses[r.status_code] += 1
        if r.status_code >= 500:
            failures.append(("admin", "malformed", None, raw[:80]))
    elapsed = time.monotonic() - started
    print(f"fuzz: {sum(statuses.values())} requests in {elapsed:.0f} s: {dict(statuses)}")
    assert sum(statuses.values()) >= 2000
    by_callback = Counter(f[1] for f in failures)
    assert not failures, f"{len(failures)} 5xx over {len(by_callback)} callbacks: {by_callback.most_common()}\n" + (
        "\n".join(map(str, failures[:10]))
    )
