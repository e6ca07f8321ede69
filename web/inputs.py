"""The callback boundary: every Dash call is a public JSON API (security.md), so its body is checked for shape before
Dash dispatches it, and a callback's inputs are parsed to types before use.

- `install(server, app)`: POST /_dash-update-component gets 400 (JSON, no traceback) unless the body is a JSON object
  naming a registered server callback, with as many inputs and states as it declares, each `{id, property[, value]}`
  (or a list of them for a pattern-matching input), within size and nesting bounds.
- `@allow` (web/auth.py) turns what a callback raises on wrong-typed input (TypeError, ValueError, KeyError, ...,
  an integer too large for a column) into a 400 refusal, logged; never a 500.
- The parsers below give callbacks typed values: `integer`, `short_text`, `choice`, `ident`, each returning the
  default for anything malformed (a wrong type, out of range, too long), never raising.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from dash.exceptions import UnsupportedRelativePath
from flask import Flask, Response, abort, request
from sqlalchemy.exc import DataError, StatementError

MAX_DEPTH = 12  # nesting of any value in a Dash body (the app's deepest real input, a grid's filter model, is ~6)
MAX_ITEMS = 2000  # entries of one pattern-matching input (the grid shows at most a few hundred rows)
INT_BOUND = 2**53 - 1  # larger integers cannot come from a browser's JSON, and overflow BIGINT columns
_log = logging.getLogger(__name__)

# What a callback raises when a forged input has the wrong type, shape or size.
BAD_INPUT = (
    TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError, RecursionError, DataError,
    UnsupportedRelativePath,  # Dash's page routing given a pathname that is not a path
)  # fmt: skip


def is_bad_input(exc: BaseException) -> bool:
    """An exception caused by the input: one of BAD_INPUT, or a statement the database driver refused for its
    parameters (an integer too large, a NUL in text)."""
    if isinstance(exc, StatementError) and not isinstance(exc, DataError):
        return isinstance(exc.orig, BAD_INPUT) or "NUL" in str(exc.orig)
    return isinstance(exc, BAD_INPUT)


def refuse(message: str, status: int = 400) -> Response:
    resp = Response(json.dumps({"error": message}), status=status, mimetype="application/json")
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _depth_ok(value: Any, depth: int = 0) -> bool:
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return len(value) <= MAX_ITEMS and all(_depth_ok(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return len(value) <= MAX_ITEMS and all(_depth_ok(v, depth + 1) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return -INT_BOUND <= value <= INT_BOUND
    return True


def _prop(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("id"), str | dict)
        and isinstance(item.get("property"), str)
        and (not isinstance(item["id"], dict) or all(isinstance(k, str) for k in item["id"]))
    )


def _props(items: Any, n: int) -> bool:
    """A list of n entries, each a {id, property} or a list of them (a pattern-matching input)."""
    if not isinstance(items, list) or len(items) != n:
        return False
    return all(_prop(i) or (isinstance(i, list) and all(_prop(j) for j in i)) for i in items)


def check_body(body: Any, callbacks: dict) -> str:
    """Why a Dash update body is malformed ("" when it is fine)."""
    if not isinstance(body, dict):
        return "the body is a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or "callback" not in callbacks.get(output, {}):
        return "output names no server callback of this app"
    if not _depth_ok(body):
        return f"values nest deeper than {MAX_DEPTH}, hold more than {MAX_ITEMS} items or integers beyond 2^53"
    cb = callbacks[output]
    if not _props(body.get("inputs"), len(cb.get("inputs", []))):
        return "inputs do not match the callback's inputs"
    if not _props(body.get("state", []), len(cb.get("state", []))):
        return "state does not match the callback's state"
    outputs = body.get("outputs")
    if not (_prop(outputs) or (isinstance(outputs, list) and all(_prop(o) or isinstance(o, list) for o in outputs))):
        return "outputs are malformed"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds is a list of strings"
    return ""


def install(server: Flask, app) -> None:
    """Check every Dash update body before Dash reads it."""

    @server.before_request
    def _dash_body():
        if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
            return None
        try:
            body = json.loads(request.get_data(cache=True) or b"null")
        except (ValueError, RecursionError):
            return refuse("the body is not JSON")
        why = check_body(body, app.callback_map)
        if why:
            _log.info("malformed Dash body refused: %s", why)
            return refuse(why)
        cb = app.callback_map[body["output"]]
        if not getattr(cb["callback"], "cc_net", False):  # Dash's own callbacks (pages routing) have no @allow
            cb["callback"] = _net(cb["callback"], body["output"])
        return None


def _net(fn: Callable, name: str) -> Callable:
    """A callback whose wrong-typed input raises answers 400 (logged), as @allow's callbacks do."""

    @functools.wraps(fn)
    def net(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if not is_bad_input(exc):
                raise
            _log.warning("callback %s refused a malformed input: %r", name[:80], exc, exc_info=True)
            abort(refuse(f"malformed input for {name[:80]}"))

    net.cc_net = True  # type: ignore[attr-defined]
    return net


# ---- typed parsers for callback inputs (never raise; the default for anything malformed) ----------------------


def integer(value: object, default: int | None = None, lo: int = 0, hi: int = 2**31 - 1) -> int | None:
    """An int in [lo, hi] (bools and floats are not ints), else the default."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        return default
    return value


def short_text(value: object, default: str = "", max_len: int = 200) -> str:
    """A str of at most max_len characters without NUL, else the default."""
    if not isinstance(value, str) or len(value) > max_len or "\x00" in value:
        return default
    return value


def choice(value: object, allowed, default: Any = None) -> Any:
    """One of the allowed values (hashable), else the default."""
    try:
        return value if value in allowed else default
    except TypeError:  # an unhashable value (a list, a dict) is in no set
        return default


def ident(value: object, default: str | None = None, max_len: int = 64) -> str | None:
    """An identifier: letters, digits, "-", "_", ":" and "." only, at most max_len characters."""
    ok = isinstance(value, str) and 0 < len(value) <= max_len
    text = str(value)
    return text if ok and all(c.isascii() and (c.isalnum() or c in "-_:.") for c in text) else default
