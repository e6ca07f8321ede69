"""一铺一码 on the data layer: a shop's public page (nothing personal), the rating guard, complaints from a plate
as 12345 tickets (channel 一铺一码, shop prefilled), inspections with their checklist, and overdue rectifications
escalated to 数字城管 cases."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import events as ev
from data_access.errors import WriteError
from data_access.masking import scrub_text
from data_access.models import Category, Channel, Shop, ShopInspection, ShopRating, Ticket
from data_access.worktime import to_local
from data_access.writes import apply

CHANNEL = "shop_code"
CHANNELS = {"shop_code": "一铺一码", "rental_code": "一户一码"}
# what a citizen may complain about from a shop's plate -> the 12345 category it becomes
COMPLAINTS = {
    "consumer": "H0701",  # 市场监管与消费维权: prices, fakes, refunds, food
    "noise": "H0503",  # 噪音扰民
    "encroach": "H0502",  # 占道经营
    "safety": "H1501",  # 安全生产: gas bottles, blocked exits
}
FAKE_PLATE = "H0701"  # a fake or revoked plate reported from its page
# checklist items per trade (labels in web/i18n/services.py: svc_item_<key>)
BASE_ITEMS = ("licence", "fire", "encroach", "price")
TRADE_ITEMS = {
    "餐饮": ("licence", "fire", "food", "health_cert", "gas", "fumes", "encroach"),
    "水果生鲜": ("licence", "food", "price", "encroach"),
    "便利店": ("licence", "food", "price", "fire", "encroach"),
    "药店": ("licence", "pharmacist", "price", "fire"),
    "烟酒": ("licence", "minors", "price", "fire"),
    "网吧": ("licence", "minors", "fire", "exits"),
    "宾馆": ("licence", "fire", "exits", "guest_register"),
    "美容美发": ("licence", "hygiene", "fire", "encroach"),
    "维修": ("licence", "fire", "encroach", "waste"),
    "五金建材": ("licence", "fire", "encroach"),
}
# the 数字城管 category an overdue rectification becomes, by the first failed item
CM_FOR_ITEM = {"encroach": "SJ0504", "fumes": "SJ0114", "fire": "BJ0113", "exits": "BJ0113", "gas": "BJ0113"}
CM_DEFAULT = "SJ0504"
RATING_DEVICE_DAYS = 30  # one rating per shop per device in this window
RATING_IP_PER_DAY = 3  # per shop per IP address in 24 h (households and phones behind one NAT share an address)
COMMENT_MAX = 200
TEXT_MAX = 500


def items_for(trade: str) -> tuple[str, ...]:
    return TRADE_ITEMS.get(trade, BASE_ITEMS)


def keyed_hash(secret: str, value: str) -> str:
    return hashlib.sha256(f"{secret}\x00{value}".encode()).hexdigest()


def licence_state(until: date | None, today: date) -> str:
    if until is None:
        return "none"
    return "valid" if until >= today else "expired"


def _inspector_unit(name: str) -> str:
    """市场监管所 马军 -> 市场监管所 (the public sees the office, not the person)."""
    return name.split(" ", 1)[0] if " " in name else "检查组"


def public_shop(session: Session, shop_id: int, now: datetime) -> dict | None:
    """What anyone scanning the plate sees: name, trade, scope, licence, address, the latest inspections (date,
    office, result, failed items), the rating average and count and three recent comments (scrubbed)."""
    s = session.get(Shop, shop_id)
    if s is None:
        return None
    today = to_local(now).date()
    insp = session.execute(
        select(
            ShopInspection.at,
            ShopInspection.inspector,
            ShopInspection.passed,
            ShopInspection.result,
            ShopInspection.checklist,
            ShopInspection.rectify_by,
            ShopInspection.rectified_at,
        )
        .where(ShopInspection.shop_id == shop_id)
        .order_by(ShopInspection.at.desc(), ShopInspection.id.desc())
        .limit(5)
    ).all()
    avg, n = session.execute(
        select(func.avg(ShopRating.stars), func.count()).where(ShopRating.shop_id == shop_id)
    ).one()
    comments = session.execute(
        select(ShopRating.at, ShopRating.stars, ShopRating.comment)
        .where(ShopRating.shop_id == shop_id, ShopRating.comment != "")
        .order_by(ShopRating.at.desc(), ShopRating.id.desc())
        .limit(3)
    ).all()
    return dict(
        id=s.id,
        name=s.name,
        trade=s.trade,
        scope=s.scope or s.trade,
        address=s.address,
        licence_state=licence_state(s.licence_until, today),
        licence_until=s.licence_until,
        licence_no=s.licence_no,
        inspections=[
            dict(
                day=to_local(at).date(),
                office=_inspector_unit(who),
                result=result or ("pass" if passed else "fail"),
                failed=[k for k, ok in (checklist or {}).items() if not ok],
                rectify_by=to_local(rb).date() if rb else None,
                rectified=ra is not None,
            )
            for at, who, passed, result, checklist, rb, ra in insp
        ],
        rating_avg=None if avg is None else round(float(avg), 1),
        rating_count=int(n or 0),
        comments=[
            dict(day=to_local(at).date(), stars=st, text=scrub_text(c, "visitor")[:COMMENT_MAX])
            for at, st, c in comments
        ],
    )


def rating_refusal(session: Session, shop_id: int, device_hash: str, ip_hash: str, now: datetime) -> str | None:
    """Why this device or address may not rate the shop now ('device' or 'address'), or None."""
    since = now - timedelta(days=RATING_DEVICE_DAYS)
    mine = session.scalar(
        select(func.count())
        .select_from(ShopRating)
        .where(ShopRating.shop_id == shop_id, ShopRating.device_hash == device_hash, ShopRating.at >= since)
    )
    if mine:
        return "device"
    from_ip = session.scalar(
        select(func.count())
        .select_from(ShopRating)
        .where(ShopRating.shop_id == shop_id, ShopRating.ip_hash == ip_hash, ShopRating.at >= now - timedelta(days=1))
    )
    return "address" if (from_ip or 0) >= RATING_IP_PER_DAY else None


def rate(session: Session, shop_id: int, stars: int, comment: str, device_hash: str, ip_hash: str, now: datetime):
    """Write a citizen's rating through the write API (the caller checked `rating_refusal`)."""
    if session.get(Shop, shop_id) is None:
        raise WriteError("no such shop")
    if len(comment) > COMMENT_MAX:
        raise WriteError(f"a comment is at most {COMMENT_MAX} characters")
    apply(
        session,
        [
            ev.ShopRated(
                event_id=f"rate:{uuid.uuid4().hex}",
                shop_id=shop_id,
                at=now,
                stars=stars,
                comment=comment.strip(),
                device_hash=device_hash,
                ip_hash=ip_hash,
            )
        ],
    )


def ensure_channels(session: Session) -> None:
    """The plate channels exist (a database seeded before they were added to the catalogue lacks them)."""
    have = set(session.scalars(select(Channel.code).where(Channel.code.in_(list(CHANNELS)))))
    for code, name in CHANNELS.items():
        if code not in have:
            session.add(Channel(code=code, name=name))
    session.flush()


def complain(
    session: Session, shop_id: int, kind: str, text: str, phone: str, now: datetime, *, channel: str = CHANNEL
) -> str:
    """A complaint from the shop's plate becomes a 12345 ticket: category from the kind, location and shop
    prefilled; returns the ticket number."""
    s = session.get(Shop, shop_id)
    if s is None:
        raise WriteError("no such shop")
    category = COMPLAINTS.get(kind) if kind != "fake_plate" else FAKE_PLATE
    if category is None:
        raise WriteError("unknown complaint type")
    text = text.strip()
    if kind != "fake_plate" and len(text) < 4:
        raise WriteError("describe the problem in at least 4 characters")
    if len(text) > TEXT_MAX:
        raise WriteError(f"a complaint is at most {TEXT_MAX} characters")
    if session.get(Category, category) is None:
        raise WriteError(f"unknown category {category}")
    ensure_channels(session)
    key = uuid.uuid4().hex
    no = f"PM{to_local(now):%Y%m%d}{key[:8].upper()}"
    head = f"【一铺一码】{s.name}（{s.address}）"
    body = ("举报假冒或已作废的商铺码。" if kind == "fake_plate" else "") + text
    apply(
        session,
        [
            ev.TicketCreated(
                event_id=f"shopcode:{key}",
                ticket_no=no,
                stream="hotline",
                channel=channel,
                category=category,
                summary=f"{s.name}：{body}"[:60],
                content=f"{head}\n{body}",
                at=now,
                area_code=s.area_code,
                town_code=s.area_code[:9] if s.area_code else None,
                lat=s.lat,
                lon=s.lon,
                address=s.address,
                citizen_phone=phone or None,
                external_id=None,
                actor="shop_code",
                simulated=False,
            )
        ],
    )
    return no


def inspect(
    session: Session,
    shop_id: int,
    inspector: str,
    checklist: dict[str, bool],
    result: str,
    issues: str,
    rectify_by: datetime | None,
    photo: tuple[bytes, str] | None,
    now: datetime,
) -> str:
    """An inspector's record through the write API; returns its event id."""
    s = session.get(Shop, shop_id)
    if s is None:
        raise WriteError("no such shop")
    allowed = set(items_for(s.trade))
    if set(checklist) != allowed:
        raise WriteError("answer every checklist item of this shop type")
    if result == "pass" and not all(checklist.values()):
        raise WriteError("an inspection with failed items cannot pass")
    if result == "rectify" and (rectify_by is None or rectify_by <= now):
        raise WriteError("a rectification needs a deadline in the future")
    if len(issues) > TEXT_MAX:
        raise WriteError(f"issues are at most {TEXT_MAX} characters")
    eid = f"inspect:{uuid.uuid4().hex}"
    apply(
        session,
        [
            ev.ShopInspected(
                event_id=eid,
                shop_id=shop_id,
                at=now,
                inspector=inspector[:40],
                passed=result == "pass",
                note=issues.strip()[:200],
                result=result,
                checklist=tuple((k, bool(checklist[k])) for k in items_for(s.trade)),
                issues=issues.strip(),
                rectify_by=rectify_by if result == "rectify" else None,
                photo=photo[0] if photo else None,
                photo_mime=photo[1] if photo else "",
            )
        ],
    )
    return eid


def escalate_overdue(session: Session, now: datetime) -> list[str]:
    """Every rectification past its deadline, not rectified and not yet escalated, becomes a 数字城管 case
    (channel 网格监督员, the shop's place); returns the new case numbers."""
    rows = session.execute(
        select(ShopInspection, Shop)
        .join(Shop, Shop.id == ShopInspection.shop_id)
        .where(
            ShopInspection.result == "rectify",
            ShopInspection.rectify_by < now,
            ShopInspection.rectified_at.is_(None),
            ShopInspection.cm_ticket_no.is_(None),
        )
        .order_by(ShopInspection.rectify_by)
        .limit(200)
    ).all()
    out = []
    for insp, s in rows:
        failed = [k for k, ok in (insp.checklist or {}).items() if not ok]
        category = next((CM_FOR_ITEM[k] for k in failed if k in CM_FOR_ITEM), CM_DEFAULT)
        no = f"CMR{to_local(now):%Y%m%d}{insp.id:06d}"
        deadline = to_local(insp.rectify_by or now)
        text = (
            f"【一铺一码整改逾期】{s.name}（{s.address}）整改期限 {deadline:%Y-%m-%d} 已过，"
            f"未整改：{insp.issues or '、'.join(failed)}"
        )
        apply(
            session,
            [
                ev.TicketCreated(
                    event_id=f"rectify-overdue:{insp.event_id}",
                    ticket_no=no,
                    stream="cm",
                    channel="inspector",
                    category=category,
                    summary=text[:60],
                    content=text,
                    at=now,
                    area_code=s.area_code,
                    town_code=s.area_code[:9] if s.area_code else None,
                    lat=s.lat,
                    lon=s.lon,
                    address=s.address,
                    actor="shop_code",
                    simulated=False,
                )
            ],
        )
        insp.cm_ticket_no = no
        out.append(no)
    session.flush()
    return out


def mark_rectified(session: Session, inspection_id: int, now: datetime) -> None:
    insp = session.get(ShopInspection, inspection_id)
    if insp is None or insp.result != "rectify":
        raise WriteError("no rectification to close")
    insp.rectified_at = now
    session.flush()


def photo(session: Session, event_id: str) -> tuple[bytes, str] | None:
    from data_access.models import InspectionPhoto

    p = session.get(InspectionPhoto, event_id)
    return (p.data, p.mime) if p else None


def inspection_stats(session: Session, since: datetime, now: datetime) -> pd.DataFrame:
    """Market-supervision statistics per trade since `since`: inspections, passed, to rectify, failed, overdue,
    escalated. Columns: trade, inspections, passed, rectify, failed, overdue, escalated."""
    rows = session.execute(
        select(
            Shop.trade,
            ShopInspection.passed,
            ShopInspection.result,
            ShopInspection.rectify_by,
            ShopInspection.rectified_at,
            ShopInspection.cm_ticket_no,
        )
        .join(Shop, Shop.id == ShopInspection.shop_id)
        .where(ShopInspection.at >= since)
    ).all()
    cols = ["trade", "inspections", "passed", "rectify", "failed", "overdue", "escalated"]
    if not rows:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame(rows, columns=["trade", "passed_flag", "result", "rectify_by", "rectified_at", "cm"])
    df["result"] = df["result"].fillna(df["passed_flag"].map({True: "pass", False: "fail"}))
    g = df.groupby("trade")
    out = pd.DataFrame(
        {
            "inspections": g.size(),
            "passed": g["result"].apply(lambda r: int((r == "pass").sum())),
            "rectify": g["result"].apply(lambda r: int((r == "rectify").sum())),
            "failed": g["result"].apply(lambda r: int((r == "fail").sum())),
            "overdue": g.apply(
                lambda x: int(((x["result"] == "rectify") & x["rectified_at"].isna() & (x["rectify_by"] < now)).sum()),
                include_groups=False,
            ),
            "escalated": g["cm"].apply(lambda c: int(c.notna().sum())),
        }
    ).reset_index()
    return out[cols].sort_values("inspections", ascending=False).reset_index(drop=True)


def ticket_channel(session: Session, ticket_no: str) -> str | None:
    return session.scalar(select(Ticket.channel_code).where(Ticket.ticket_no == ticket_no))


def map_states(session: Session) -> dict[int, str]:
    """shop id -> its standing on the map: shop_poor (latest inspection failed, or an overdue rectification, or
    ratings averaging under 3), shop_watch (a rectification pending, or ratings under 4), shop_good (inspected and
    passed, or rated 4+), else shop_none (neither inspected nor rated)."""
    from data_access.worktime import utcnow

    now = utcnow()
    latest = {}
    for sid, passed, result, rb, ra in session.execute(
        select(
            ShopInspection.shop_id,
            ShopInspection.passed,
            ShopInspection.result,
            ShopInspection.rectify_by,
            ShopInspection.rectified_at,
        ).order_by(ShopInspection.at, ShopInspection.id)
    ):
        latest[sid] = (result or ("pass" if passed else "fail"), rb, ra)  # the last one wins
    ratings = {
        sid: (float(avg), int(n))
        for sid, avg, n in session.execute(
            select(ShopRating.shop_id, func.avg(ShopRating.stars), func.count()).group_by(ShopRating.shop_id)
        )
    }
    out = {}
    for sid in set(latest) | set(ratings):
        res, rb, ra = latest.get(sid, (None, None, None))
        avg = ratings[sid][0] if sid in ratings and ratings[sid][1] >= 3 else None
        if (
            res == "fail"
            or (res == "rectify" and ra is None and rb is not None and rb < now)
            or (avg is not None and avg < 3)
        ):
            out[sid] = "shop_poor"
        elif (res == "rectify" and ra is None) or (avg is not None and avg < 4):
            out[sid] = "shop_watch"
        else:
            out[sid] = "shop_good"
    return out
