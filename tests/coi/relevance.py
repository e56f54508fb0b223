"""Search quality on real country-report text: plain BM25 against the library's search, same run.

The corpus (`../shared/corpora/coi-real/`: passages of published reports, questions with graded
relevance) is not copied into the project. `corpus()` finds it, or skips with the reason shown
(fails instead under ARTICLE3_REQUIRE_CORPORA=1, as in CI). The benchmark and the test share this.
"""

from __future__ import annotations

import json
import math
import os
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORD = re.compile(r"\w+")
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Corpus:
    passages: list[dict[str, Any]]  # id, country, section, text, ...
    queries: list[dict[str, Any]]  # id, query, country, relevant {passage id: grade}


def corpus_folder() -> Path:
    """`$ARTICLE3_CORPORA/coi-real`, else `shared/corpora/coi-real` beside the checkout (or beside
    a folder holding it, for a checkout among others)."""
    configured = os.environ.get("ARTICLE3_CORPORA", "").strip()
    if configured:
        return Path(configured) / "coi-real"
    beside = [folder / "shared" / "corpora" / "coi-real" for folder in (ROOT.parent, ROOT.parent.parent)]
    return next((folder for folder in beside if folder.is_dir()), beside[0])


def corpus() -> Corpus | str:
    """The corpus, or why it is not here."""
    folder = corpus_folder()
    if not (folder / "passages.jsonl").is_file() or not (folder / "queries.jsonl").is_file():
        return f"The real country-information corpus is missing: looked for {folder}/passages.jsonl and queries.jsonl."

    def read(name: str) -> list[dict[str, Any]]:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    return Corpus(passages=read("passages.jsonl"), queries=read("queries.jsonl"))


class BM25:
    """Okapi BM25 over lower-cased words, no stemming: the plain baseline."""

    def __init__(self, docs: dict[int, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.length: dict[int, int] = {}
        for pk, text in docs.items():
            words = WORD.findall(text.lower())
            self.length[pk] = len(words)
            for word, tf in Counter(words).items():
                self.postings[word].append((pk, tf))
        self.avg = statistics.mean(self.length.values())
        self.n = len(docs)

    def search(self, query: str, k: int = 10) -> list[int]:
        scores: dict[int, float] = defaultdict(float)
        for word in set(WORD.findall(query.lower())):
            posting = self.postings.get(word, [])
            idf = math.log(1 + (self.n - len(posting) + 0.5) / (len(posting) + 0.5))
            for pk, tf in posting:
                norm = tf + self.k1 * (1 - self.b + self.b * self.length[pk] / self.avg)
                scores[pk] += idf * tf * (self.k1 + 1) / norm
        return [pk for pk, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]]


def ndcg(ranked: list[int], grades: dict[int, int], k: int = 10) -> float:
    gain = sum((2 ** grades.get(pk, 0) - 1) / math.log2(i + 2) for i, pk in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best else 0.0


def recall(ranked: list[int], grades: dict[int, int], k: int = 10) -> float:
    relevant = {pk for pk, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant)


def library_load(organisation: Any, data: Corpus) -> dict[str, int]:
    """The corpus as one report per country in the organisation's library (the section is the
    passage's heading); returns corpus passage id -> Passage pk."""
    import datetime
    import hashlib

    from article3.coi.models import Passage, Report, ReportCountry

    ids: dict[str, int] = {}
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for passage in data.passages:
        by_country[passage["country"]].append(passage)
    for country, passages in sorted(by_country.items()):
        digest = hashlib.sha256(f"{organisation.pk}:{country}".encode()).hexdigest()
        report = Report.objects.create(
            organisation=organisation, title=f"Country reports: {passages[0]['country_name']}",
            publisher=passages[0]["publisher"], date=datetime.date(2024, 1, 1), sha256=digest, text_sha256=digest,
            file_type="txt", imported_by="test")
        ReportCountry.objects.create(report=report, code=country)
        for number, passage in enumerate(passages, start=1):
            row = Passage.objects.create(report=report, paragraph=number, heading=passage["section"] or "",
                                         text=passage["text"])
            ids[passage["id"]] = row.pk
    return ids


def scores(data: Corpus, ids: dict[str, int], system: Callable[[str, str], list[int]]) -> tuple[float, float]:
    """Mean nDCG@10 and recall@10 of `system(query, country)` over the corpus questions."""
    ndcgs, recalls = [], []
    for query in data.queries:
        grades = {ids[pid]: grade for pid, grade in query["relevant"].items() if pid in ids}
        ranked = system(query["query"], query.get("country") or "")
        ndcgs.append(ndcg(ranked, grades))
        recalls.append(recall(ranked, grades))
    return statistics.mean(ndcgs), statistics.mean(recalls)


def baseline_system(data: Corpus, ids: dict[str, int], *, by_country: bool) -> Callable[[str, str], list[int]]:
    """Plain BM25 over each passage's text (its section heading included, as the library indexes it),
    restricted to the question's country when the library search is."""
    country_of = {ids[p["id"]]: p["country"] for p in data.passages}
    index = BM25({ids[p["id"]]: f"{p['section'] or ''} {p['text']}" for p in data.passages})

    def search(query: str, country: str) -> list[int]:
        ranked = index.search(query, k=len(ids))
        return [pk for pk in ranked if not by_country or country_of[pk] == country][:10]

    return search
