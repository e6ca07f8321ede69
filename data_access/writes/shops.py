"""Write handlers for shops (一铺一码): inspections and citizens' star ratings."""

from __future__ import annotations

from data_access import events as ev
from data_access.errors import WriteError
from data_access.models import InspectionPhoto, ShopInspection, ShopRating
from data_access.writes.batch import Batch

RESULTS = ("pass", "rectify", "fail")
PHOTO_MIMES = ("image/jpeg", "image/png")
PHOTO_MAX = 1_500_000


def record_inspection(batch: Batch, e: ev.ShopInspected) -> None:
    """An inspection, passed or failed (an inspector's form adds checklist, issues, deadline and photo)."""
    if e.result is not None and e.result not in RESULTS:
        raise WriteError(f"an inspection's result is one of {', '.join(RESULTS)}")
    if e.result == "rectify" and e.rectify_by is None:
        raise WriteError("a rectification needs a deadline")
    if e.photo is not None and (e.photo_mime not in PHOTO_MIMES or not 0 < len(e.photo) <= PHOTO_MAX):
        raise WriteError("a photo is a JPEG or PNG of at most 1.5 MB")
    batch.insert(
        ShopInspection,
        dict(
            event_id=e.event_id,
            shop_id=e.shop_id,
            at=e.at,
            inspector=e.inspector,
            passed=e.passed,
            note=e.note,
            result=e.result,
            checklist=dict(e.checklist) if e.checklist else None,
            issues=e.issues or None,
            rectify_by=e.rectify_by,
            rectified_at=None,
            cm_ticket_no=None,
            has_photo=e.photo is not None,
        ),
    )
    if e.photo is not None:
        batch.insert(InspectionPhoto, dict(inspection_event_id=e.event_id, mime=e.photo_mime, data=e.photo))
    batch.counters.add(e.at, "shop", "inspected" if e.passed else "failed_inspection")


def record_rating(batch: Batch, e: ev.ShopRated) -> None:
    """A rating of 1 to 5 stars."""
    if not 1 <= e.stars <= 5:
        raise WriteError("a rating is 1 to 5 stars")
    batch.insert(
        ShopRating,
        dict(
            event_id=e.event_id,
            shop_id=e.shop_id,
            at=e.at,
            stars=e.stars,
            comment=e.comment,
            device_hash=e.device_hash,
            ip_hash=e.ip_hash,
        ),
    )
    batch.counters.add(e.at, "shop", "rated")
    batch.counters.add(e.at, "shop", "stars", n=e.stars)
