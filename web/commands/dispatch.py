"""Smart dispatch (智能派单): suggest the responsible department from the request text, category and place.

The model: jieba tokens of the summary and content plus category and town tokens -> TF-IDF -> multinomial
logistic regression, trained on closed 12345 tickets labelled with the department that finally handled
them (so officers' overrides feed back once those tickets close). The baseline is the keyword routing the
seed complains about: the first category whose keywords occur in the text decides, its department or, for
属地 categories, the 城区街道 office. Both are measured on the newest 20% of closed history (time split).

Training is a job (seconds of CPU): it runs in a background thread per process and database, at most once at a
time, retrained hourly; serving reads the last trained model. The reads behind it are data_access/hotline/dispatch.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from data_access.db import read_session, url_of
from data_access.hotline import dispatch as reads
from data_access.hotline.dispatch import ACCEPT_TAG, OVERRIDE_TAG

MIN_TRAIN = 200  # closed tickets needed before a model is trained
TEST_SHARE = 0.2
MODEL_TTL_S = 3600
_PUNCT = frozenset("，。、（）()：:；;,.!！?？“”\"'")
log = logging.getLogger(__name__)


def _tokens(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return [w for w in jieba.lcut(text or "") if w.strip() and not w.isdigit() and w not in _PUNCT]


def features(text: str, category: str | None, town: str | None) -> list[str]:
    """The tokens the model sees: words of the text, the category and the town."""
    return [*_tokens(text), f"CAT_{category or '-'}", f"TOWN_{town or '-'}", f"CT_{category or '-'}_{town or '-'}"]


@dataclass
class KeywordRouter:
    """The baseline: keyword lists per category -> that category's department (or a fixed town office)."""

    rules: list[tuple[str, int]]  # (keyword, department id), longest keywords first
    fallback: int

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
    df = reads.history(session) if df is None else df
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
    fallback = int(Counter(train["department_id"]).most_common(1)[0][0])
    router = KeywordRouter(reads.keyword_rules(session, fallback), fallback)
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


class _Jobs:
    """Per-process results of background jobs, by database: (finished at, value); one run at a time per key."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.results: dict[str, tuple[float, Any]] = {}
        self.busy: set[str] = set()

    def get(self, key: str) -> tuple[float, Any] | None:
        with self.lock:
            return self.results.get(key)

    def put(self, key: str, value: Any) -> None:
        with self.lock:
            self.results[key] = (time.time(), value)

    def start(self, key: str, url: str, job: Callable[[Session], Any]) -> None:
        """Run job(session) in a daemon thread unless one is running for this key (a request never waits)."""
        with self.lock:
            if key in self.busy:
                return
            self.busy.add(key)

        def run() -> None:
            try:
                with read_session(url) as s:
                    self.put(key, job(s))
            except Exception:  # logged; the next request tries again
                log.exception("smart dispatch: %s failed", key.split(":", 1)[0])
            finally:
                with self.lock:
                    self.busy.discard(key)

        threading.Thread(target=run, name=f"dispatch-{key[:14]}", daemon=True).start()


_jobs = _Jobs()


def _key(kind: str, url: str) -> str:
    return f"{kind}:{hashlib.sha1(url.encode()).hexdigest()[:16]}"  # the URL (with its password) is not kept


def train(session: Session) -> Model | None:
    """A model trained on all closed history, or None with too little of it."""
    df = reads.history(session)
    if len(df) < MIN_TRAIN:
        return None
    return Model().fit(_docs(df), list(df["department_id"]))


def _fresh(kind: str, session: Session, job: Callable[[Session], Any], wait: bool) -> Any:
    url = url_of(session)
    key = _key(kind, url)
    hit = _jobs.get(key)
    if hit is not None and hit[1] is not None and time.time() - hit[0] < MODEL_TTL_S:
        return hit[1]  # a None (too little history then) is tried again
    if wait:
        value = job(session)
        _jobs.put(key, value)
        return value
    _jobs.start(key, url, job)
    return hit[1] if hit else None


def trained(session: Session, *, wait: bool = False) -> Model | None:
    """The model for this database, trained on all closed history and kept per process for an hour.

    Without `wait`, a missing or old model is (re)trained in the background and the old one (or None) is
    returned meanwhile."""
    return _fresh("train", session, train, wait)


def cached_evaluation(session: Session, *, wait: bool = False) -> dict | None:
    """evaluate() at most once an hour per database and process (in the background unless `wait`),
    plus the officers' acceptance rate; None until the first evaluation is done or without history."""
    result = _fresh("eval", session, evaluate, wait)
    return None if result is None else {**result, **reads.acceptance(session)}


def suggest(session: Session, text: str, category: str | None, town: str | None, k: int = 3) -> list[dict]:
    """Up to k departments, best first: [{department_id, name, confidence}]."""
    model = trained(session)
    if model is None:
        return []
    row = model.proba([features(text, category, town)])[0]
    classes = model.classes
    best = sorted(range(len(classes)), key=lambda i: -row[i])[:k]
    names = reads.department_names(session, [classes[i] for i in best])
    return [
        {"department_id": classes[i], "name": names.get(classes[i], str(classes[i])), "confidence": float(row[i])}
        for i in best
    ]


def suggest_for_ticket(session: Session, ticket_no: str) -> dict | None:
    """The best suggestion for one ticket, with alternatives, or None without a model."""
    found = reads.ticket_text(session, ticket_no)
    if found is None:
        return None
    out = suggest(session, *found)
    if not out:
        return None
    return {**out[0], "alternatives": out[1:]}


def dispatch_tag(session: Session, ticket_no: str, dept_id: int) -> str:
    """Mark a dispatch as taking or overriding the suggestion (the acceptance rate reads these tags)."""
    sug = suggest_for_ticket(session, ticket_no)
    if sug is None:
        return ""
    if sug["department_id"] == dept_id:
        return ACCEPT_TAG + " "
    return f"{OVERRIDE_TAG}(建议 {sug['name']}) "
