"""Ranking of full-text candidates the way a lawyer's question needs, on either database.

The engine (FTS5 or PostgreSQL) finds candidates: passages with any word of the query or of its
synonyms. This module orders them by a field-weighted BM25 (BM25F: the section heading counts
more than the body) over stemmed words, where each word of the question is a concept that its
synonyms can also satisfy (at a lower weight, the best match counting once), plus boosts when
the question's words stand together in the passage (phrase) or close to each other (proximity).
Small words ("what", "the", "to") do not count. Document frequencies come from the engine over
the whole passage table, as its own ranking does.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer

K1, B = 1.2, 0.75
HEADING_WEIGHT = 2.0  # a word in the section heading counts as this many in the body
SYNONYM_WEIGHT = 0.6  # a synonym satisfies a concept at this share of the word typed
PHRASE_BOOST = 0.6  # consecutive question words side by side, per pair, times the rarer word's idf
NEAR_BOOST = 0.25  # the same pair within NEAR_WINDOW words
NEAR_WINDOW = 8

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what
when where which while who whom why will with would you your yours yourself yourselves happen happens happened
get gets got
""".split())  # noqa: SIM905 (a word list reads better so)

_WORD = re.compile(r"\w+")
_stemmer = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()  # snowballstemmer's stemmer objects are not thread-safe


def words(text: str) -> list[str]:
    """Lower-cased words without accents; hyphens and apostrophes split ("ill-treatment" -> ill, treatment)."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded.replace("’", "'"))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    with _stem_lock:
        return str(_stemmer.stemWord(word))


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


# The thesaurus


@dataclass(frozen=True)
class Term:
    stems: tuple[str, ...]
    words: str  # as written, for the engine (which stems in its own way)
    weight: float = 1.0


@functools.cache
def thesaurus() -> dict[tuple[str, ...], tuple[Term, ...]]:
    """Each term (a tuple of stems) to the other terms of its groups, at the synonym weight."""
    groups: dict[tuple[str, ...], dict[tuple[str, ...], Term]] = {}
    for line in (Path(__file__).parent / "synonyms.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        terms = {tuple(stems(t)): Term(tuple(stems(t)), " ".join(words(t)), SYNONYM_WEIGHT)
                 for t in line.split(",") if stems(t)}
        for key in terms:
            groups.setdefault(key, {}).update({k: v for k, v in terms.items() if k != key})
    return {key: tuple(sorted(others.values(), key=lambda t: t.stems)) for key, others in groups.items()}


@dataclass(frozen=True)
class Concept:
    """One idea of the question: the words typed, and the terms that may stand for them."""

    typed: Term
    synonyms: tuple[Term, ...]

    @property
    def terms(self) -> tuple[Term, ...]:
        return (self.typed, *(s for s in self.synonyms if s.stems != self.typed.stems))


# Country names a question may carry, beyond pycountry's names ("Russian Federation", "Viet Nam").
COUNTRY_ALIASES = {"russia": "RU", "turkey": "TR", "burma": "MM", "ivory coast": "CI", "drc": "CD",
                   "democratic republic of the congo": "CD", "britain": "GB", "uk": "GB", "usa": "US",
                   "palestine": "PS", "cape verde": "CV", "swaziland": "SZ", "east timor": "TL"}


@functools.cache
def country_names() -> dict[tuple[str, ...], str]:
    """Country names as word tuples (lower case, no accents) to ISO 3166 alpha-2 codes."""
    import pycountry

    names: dict[tuple[str, ...], str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                names[tuple(words(name))] = country.alpha_2
                names.setdefault(tuple(words(name.split(",")[0])), country.alpha_2)
    names.update({tuple(words(alias)): code for alias, code in COUNTRY_ALIASES.items()})
    return names


def countries_named(query: str) -> tuple[list[str], str, str]:
    """The countries a question names (codes), their names as written, and the question without them."""
    found, names_written, kept = [], [], []
    typed = words(query)
    names = country_names()
    i = 0
    while i < len(typed):
        for size in range(min(6, len(typed) - i), 0, -1):
            code = names.get(tuple(typed[i:i + size]))
            if code is not None:
                found.append(code)
                names_written.append(" ".join(typed[i:i + size]))
                i += size
                break
        else:
            kept.append(typed[i])
            i += 1
    return found, " ".join(names_written), " ".join(kept)


def concepts(query: str) -> list[Concept]:
    """The question's content words, the longest thesaurus phrase first ("wife beating" is one)."""
    typed = [w for w in words(query) if w not in STOPWORDS]
    known = thesaurus()
    longest = max((len(key) for key in known), default=1)
    found: list[Concept] = []
    i = 0
    while i < len(typed):
        for size in range(min(longest, len(typed) - i), 0, -1):
            key = tuple(stem(w) for w in typed[i:i + size])
            if size == 1 or key in known:
                term = Term(key, " ".join(typed[i:i + size]))
                found.append(Concept(typed=term, synonyms=known.get(key, ())))
                i += size
                break
    return found


def search_terms(found: Sequence[Concept]) -> list[str]:
    """Every term to ask the engine for candidates, as written (a phrase's words space-separated)."""
    seen: dict[tuple[str, ...], str] = {}
    for concept in found:
        for term in concept.terms:
            seen.setdefault(term.stems, term.words)
    return list(seen.values())


# Scoring


@dataclass(frozen=True)
class Candidate:
    pk: int
    text: str
    heading: str


def rank(candidates: Sequence[Candidate], found: Sequence[Concept], *, total: int,
         frequency: Callable[[str], int]) -> list[tuple[int, float]]:
    """Candidates best first, with their scores (0 for one that matches nothing). `frequency` gives
    the number of passages with a term's words (as written)."""
    if not candidates or not found:
        return [(c.pk, 0.0) for c in candidates]
    body = {c.pk: _passage_stems(c.text) for c in candidates}
    heading = {c.pk: _passage_stems(c.heading) for c in candidates}
    average = sum(len(v) for v in body.values()) / len(body) or 1.0
    idf = {term.stems: _idf(total, frequency(term.words)) for concept in found for term in concept.terms}
    scored = [(c.pk, _score(body[c.pk], heading[c.pk], found, idf, average)) for c in candidates]
    return sorted(scored, key=lambda item: (-item[1], item[0]))


@functools.lru_cache(maxsize=4096)
def _passage_stems(text: str) -> tuple[str, ...]:
    """A passage's stems, kept for the passages searched most (a report's text does not change)."""
    return tuple(stems(text))


def _idf(total: int, df: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def _score(body: tuple[str, ...], heading: tuple[str, ...], found: Sequence[Concept], idf: dict[tuple[str, ...], float],
           average: float) -> float:
    norm = K1 * (1 - B + B * len(body) / average)
    score = 0.0
    places: list[tuple[list[int], float]] = []  # per concept: where it is in the body, its idf
    for concept in found:
        best, where, weight_idf = 0.0, [], 0.0
        for term in concept.terms:
            at = _positions(body, term.stems)
            tf = len(at) + HEADING_WEIGHT * len(_positions(heading, term.stems))
            if not tf:
                continue
            value = term.weight * idf[term.stems] * tf * (K1 + 1) / (tf + norm)
            if value > best:
                best, weight_idf = value, term.weight * idf[term.stems]
            where += at
        score += best
        places.append((sorted(where), weight_idf))
    for (left, left_idf), (right, right_idf) in itertools.pairwise(places):
        gap = _closest(left, right)
        if gap == 1:
            score += PHRASE_BOOST * min(left_idf, right_idf)
        elif gap <= NEAR_WINDOW:
            score += NEAR_BOOST * min(left_idf, right_idf)
    return score


def _positions(tokens: tuple[str, ...], term: tuple[str, ...]) -> list[int]:
    size = len(term)
    if size == 1:
        return [i for i, token in enumerate(tokens) if token == term[0]]
    return [i for i in range(len(tokens) - size + 1) if tuple(tokens[i:i + size]) == term]


def _closest(left: list[int], right: list[int]) -> float:
    """The smallest distance from a place of the first concept forward to one of the second (either
    order counts, one word further when reversed)."""
    best = math.inf
    for i in left:
        for j in right:
            gap = j - i if j > i else i - j + 1
            best = min(best, gap)
    return best
