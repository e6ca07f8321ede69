"""The write API's registry: every event class of the Event union has exactly one handler, wired to its own class,
and the registry holds nothing else; an object of any other class is refused and writes nothing."""

from __future__ import annotations

import dataclasses
import typing
from collections import abc
from datetime import datetime

import pytest
from sqlalchemy import func, select

from data_access import events as ev
from data_access.db import read_session, write_session
from data_access.errors import WriteError
from data_access.models import EventLog, Ticket
from data_access.writes import apply
from data_access.writes.registry import HANDLERS, Bulk, PerEvent
from tests.factories import new_ticket, seeded


def test_every_event_class_has_exactly_one_handler_and_nothing_else_is_registered():
    union = typing.get_args(ev.Event)
    assert len(set(union)) == len(union)
    assert set(HANDLERS) == set(union)  # a dict: at most one handler per class; equal sets: exactly one
    per_event = {kind for kind, handler in HANDLERS.items() if isinstance(handler, PerEvent)}
    assert per_event == set(typing.get_args(ev.Logged))  # apply() reads event_id and at of these


@pytest.mark.parametrize("kind", list(HANDLERS), ids=lambda k: k.__name__)
def test_each_handler_takes_the_event_class_it_is_registered_for(kind):
    handler = HANDLERS[kind]
    fields = {f.name for f in dataclasses.fields(kind)}
    if isinstance(handler, PerEvent):
        assert "event_id" in fields  # the idempotency key of a per-event handler
        assert _takes(handler.apply, 1, kind)
        assert _takes(handler.needs, 0, kind) or handler.needs.__name__ == "_needs_nothing"
    else:
        assert isinstance(handler, Bulk) and "event_id" not in fields  # idempotent by itself
        assert _takes(handler.write, 1, abc.Sequence[kind])


def _takes(fn, position: int, annotation) -> bool:
    """Whether `fn`'s parameter at `position` is annotated with `annotation` (or a union that includes it)."""
    hint = list(typing.get_type_hints(fn).values())[position]
    return hint == annotation or annotation in typing.get_args(hint)


def test_an_object_of_an_unregistered_class_is_refused_and_nothing_is_written(db_url):
    seeded(db_url)

    @dataclasses.dataclass(frozen=True)
    class Stray:
        event_id: str
        at: datetime

    with pytest.raises(WriteError, match="unknown event type Stray"), write_session(db_url) as s:
        apply(s, [new_ticket("R-1", datetime(2024, 3, 4, 2)), Stray("x", datetime(2024, 3, 4, 3))])
    with read_session(db_url) as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
        assert s.scalar(select(func.count()).select_from(EventLog)) == 0
