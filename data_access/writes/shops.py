"""Write handlers for shops (一铺一码): inspections and citizens' star ratings."""

from __future__ import annotations

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import ShopInspection, ShopRating
from data_access.writes.batch import Batch


def record_inspection(batch: Batch, e: ev.ShopInspected) -> None:
    """An inspection, passed or failed."""
    batch.insert(
        ShopInspection,
        dict(event_id=e.event_id, shop_id=e.shop_id, at=e.at, inspector=e.inspector, passed=e.passed, note=e.note),
    )
    batch.counters.add(e.at, "shop", "inspected" if e.passed else "failed_inspection")


def record_rating(batch: Batch, e: ev.ShopRated) -> None:
    """A rating of 1 to 5 stars."""
    if not 1 <= e.stars <= 5:
        raise WriteError("a rating is 1 to 5 stars")
    batch.insert(ShopRating, dict(event_id=e.event_id, shop_id=e.shop_id, at=e.at, stars=e.stars, comment=e.comment))
    batch.counters.add(e.at, "shop", "rated")
    batch.counters.add(e.at, "shop", "stars", n=e.stars)
