"""Smart dispatch (智能派单): suggest the responsible department from the request text, category and place.

The model: jieba tokens of the summary and content plus category and town tokens -> TF-IDF -> multinomial
logistic regression, trained on closed 12345 tickets labelled with the department that finally handled
them (so officers' overrides feed back once those tickets close). The baseline is the keyword routing the
seed complains about: the first category whose keywords occur in the text decides, its department or, for
属地 categories, the 城区街道 office. Both are measured on the newest 20% of closed history (time split).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import Category, Department, Ticket, TicketEvent

MIN_TRAIN = 200  # closed tickets needed before a model is trained
TEST_SHARE = 0.2
MODEL_TTL_S = 3600
DEFAULT_TOWN_DEPT = "T01"  # the keyword router's fallback for 属地 categories (城区街道办事处)
ACCEPT_TAG, OVERRIDE_TAG = "[智能派单:采纳]", "[智能派单:改派]"
_PUNCT = frozenset("，。、（）()：:；;,.!！?？“”\"'")
_lock = threading.Lock()
# why: training takes seconds; one model per database and worker, retrained hourly (not per request)
_models: dict[str, tuple[float, int, Any]] = {}


def _tokens(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return [w for w in jieba.lcut(text or "") if w.strip() and not w.isdigit() and w not in _PUNCT]


def features(text: str, category: str | None, town: str | None) -> list[str]:
    """The tokens the model sees: words of the text, the category and the town."""
    return _tokens(text) + [f"CAT_{category or '-'}", f"TOWN_{town or '-'}", f"CT_{category or '-'}_{town or '-'}"]


def history(session: Session, *, limit: int = 200_000) -> pd.DataFrame:
    """Columns ticket_no, created_at, text, category, town, department_id: closed 12345 tickets that were
    dispatched, oldest first (direct answers by the centre, never dispatched, are left out)."""
    rows = session.execute(
        select(
            Ticket.ticket_no,
            Ticket.created_at,
            Ticket.summary,
            Ticket.content,
            Ticket.category_code,
            Ticket.town_code,
            Ticket.department_id,
        )
        .where(
            Ticket.stream == "hotline",
            Ticket.is_open.is_(False),
            Ticket.department_id.is_not(None),
            Ticket.dispatched_at.is_not(None),
        )
        .order_by(Ticket.created_at, Ticket.id)
        .limit(limit)
    ).all()
    df = pd.DataFrame(
        [(no, at, f"{s} {c}", cat, town, int(d)) for no, at, s, c, cat, town, d in rows],
        columns=["ticket_no", "created_at", "text", "category", "town", "department_id"],
    )
    return df


@dataclass
class KeywordRouter:
    """The baseline: keyword lists per category -> that category's department (or a fixed town office)."""

    rules: list[tuple[str, int]]  # (keyword, department id), longest keywords first
    fallback: int

    @classmethod
    def from_db(cls, session: Session, fallback: int) -> KeywordRouter:
        town_office = session.scalar(select(Department.id).where(Department.code == DEFAULT_TOWN_DEPT)) or fallback
        rules = []
        for kw, dept in session.execute(
            select(Category.keywords, Category.department_id).where(Category.stream == "hotline")
        ):
            for word in (kw or "").split():
                rules.append((word, dept or town_office))
        rules.sort(key=lambda r: -len(r[0]))
        return cls(rules, fallback)

    def predict(self, text: str) -> int:
        for word, dept in self.rules:
            if word in text:
                return dept
        return self.fallback


class Model:
    """TF-IDF over `features` + logistic regression; predict_proba gives the confidence."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vec = TfidfVectorizer(analyzer=lambda toks: toks, sublinear_tf=True, min_df=1)
        self.clf = LogisticRegression(max_iter=2000, C=8.0)

    def fit(self, docs: list[list[str]], labels: list[int]) -> Model:
        self.clf.fit(self.vec.fit_transform(docs), labels)
        return self

    def proba(self, docs: list[list[str]]):
        return self.clf.predict_proba(self.vec.transform(docs))

    def predict(self, docs: list[list[str]]) -> list[int]:
        return [int(x) for x in self.clf.predict(self.vec.transform(docs))]

    @property
    def classes(self) -> list[int]:
        return [int(c) for c in self.clf.classes_]


def _docs(df: pd.DataFrame) -> list[list[str]]:
    return [features(t, c, w) for t, c, w in zip(df["text"], df["category"], df["town"], strict=True)]


def evaluate(session: Session, df: pd.DataFrame | None = None) -> dict | None:
    """Train on the oldest 80% of closed history, measure on the newest 20%: model vs keyword baseline.

    Returns {model_accuracy, baseline_accuracy, model_top3, n_train, n_test, seconds} or None when there
    is too little history.
    """
    df = history(session) if df is None else df
    if len(df) < MIN_TRAIN:
        return None
    t0 = time.perf_counter()
    cut = int(len(df) * (1 - TEST_SHARE))
    train, test = df.iloc[:cut], df.iloc[cut:]
    model = Model().fit(_docs(train), list(train["department_id"]))
    docs = _docs(test)
    truth = list(test["department_id"])
    pred = model.predict(docs)
    proba = model.proba(docs)
    classes = model.classes
    top3 = 0
    for row, y in zip(proba, truth, strict=True):
        best = sorted(range(len(classes)), key=lambda i: -row[i])[:3]
        top3 += y in {classes[i] for i in best}
    fallback = Counter(train["department_id"]).most_common(1)[0][0]
    router = KeywordRouter.from_db(session, int(fallback))
    base = [router.predict(text) for text in test["text"]]
    n = len(test)
    return {
        "model_accuracy": sum(p == y for p, y in zip(pred, truth, strict=True)) / n,
        "baseline_accuracy": sum(p == y for p, y in zip(base, truth, strict=True)) / n,
        "model_top3": top3 / n,
        "n_train": len(train),
        "n_test": n,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def _url(session: Session) -> str:
    return session.get_bind().url.render_as_string(hide_password=False)


_busy: set[str] = set()


def _in_background(key: str, url: str, job) -> None:
    """Run job(session) once at a time per key in a daemon thread (training must not block a request)."""
    from data_access.db import read_session

    with _lock:
        if key in _busy:
            return
        _busy.add(key)

    def run() -> None:
        try:
            with read_session(url) as s:
                job(s)
        except Exception:  # noqa: BLE001 - logged; the next request tries again
            logging.getLogger(__name__).exception("smart dispatch: %s failed", key)
        finally:
            with _lock:
                _busy.discard(key)

    threading.Thread(target=run, name=f"dispatch-{key[:20]}", daemon=True).start()


def _train(session: Session) -> Model | None:
    df = history(session)
    if len(df) < MIN_TRAIN:
        return None
    model = Model().fit(_docs(df), list(df["department_id"]))
    with _lock:
        _models[_url(session)] = (time.time(), len(df), model)
    return model


def trained(session: Session, *, wait: bool = False) -> Model | None:
    """The model for this database, trained on all closed history and cached per process for an hour.

    Without `wait`, a missing or old model is (re)trained in the background and the old one (or None) is
    returned meanwhile."""
    url = _url(session)
    with _lock:
        hit = _models.get(url)
    fresh = hit is not None and time.time() - hit[0] < MODEL_TTL_S
    if fresh:
        return hit[2]
    if wait:
        return _train(session)
    _in_background("train:" + url, url, _train)
    return hit[2] if hit else None


_evals: dict[str, tuple[float, dict | None]] = {}


def _evaluate_into_cache(session: Session) -> None:
    _evals[_url(session)] = (time.time(), evaluate(session))


def cached_evaluation(session: Session, *, wait: bool = False) -> dict | None:
    """evaluate() at most once an hour per database and process (in the background unless `wait`),
    plus the officers' acceptance rate; None until the first evaluation is done or without history."""
    url = _url(session)
    hit = _evals.get(url)
    if hit is None or time.time() - hit[0] > MODEL_TTL_S:
        if wait:
            _evaluate_into_cache(session)
        else:
            _in_background("eval:" + url, url, _evaluate_into_cache)
        hit = _evals.get(url)
    if hit is None or hit[1] is None:
        return None
    return {**hit[1], **acceptance(session)}


def suggest(session: Session, text: str, category: str | None, town: str | None, k: int = 3) -> list[dict]:
    """Up to k departments, best first: [{department_id, name, confidence}]."""
    model = trained(session)
    if model is None:
        return []
    row = model.proba([features(text, category, town)])[0]
    classes = model.classes
    best = sorted(range(len(classes)), key=lambda i: -row[i])[:k]
    names = dict(
        session.execute(
            select(Department.id, Department.name).where(Department.id.in_([classes[i] for i in best]))
        ).all()
    )
    return [
        {"department_id": classes[i], "name": names.get(classes[i], str(classes[i])), "confidence": float(row[i])}
        for i in best
    ]


def suggest_for_ticket(session: Session, ticket_no: str) -> dict | None:
    """The best suggestion for one ticket, with alternatives, or None without a model."""
    t = session.execute(
        select(Ticket.summary, Ticket.content, Ticket.category_code, Ticket.town_code).where(
            Ticket.ticket_no == ticket_no
        )
    ).first()
    if t is None:
        return None
    out = suggest(session, f"{t[0]} {t[1]}", t[2], t[3])
    if not out:
        return None
    return {**out[0], "alternatives": out[1:]}


def acceptance(session: Session) -> dict:
    """How often officers took the suggestion when dispatching from the page: accepted, overridden, rate."""
    rows = dict(
        session.execute(
            select(TicketEvent.note.like(f"{ACCEPT_TAG}%"), func.count())
            .where(TicketEvent.action == "dispatch", TicketEvent.note.like("[智能派单:%"))
            .group_by(TicketEvent.note.like(f"{ACCEPT_TAG}%"))
        ).all()
    )
    acc, over = int(rows.get(True, 0) or 0), int(rows.get(False, 0) or 0)
    return {"accepted": acc, "overridden": over, "acceptance_rate": acc / (acc + over) if acc + over else None}
