"""Full-text search over passages: SQLite FTS5 (bm25, snippet, porter stemming) or PostgreSQL
full-text search (websearch queries, ts_rank, ts_headline, a GIN index), chosen by the database.

Both read the same query language: words (all must match), "quoted phrases", OR between
alternatives, and a trailing * for a prefix. Whatever a user types is turned into a valid query:
no input can raise a syntax error.

Plain words (no quotes, no OR, no star), as a lawyer asks a question, are ranked by
`article3.coi.ranking`: the engine finds passages with any of the words or of their synonyms,
and those with every word (small words aside) come first, then those with only some of them,
marked partial; each group is ordered by the ranking's score (headings, phrases, proximity,
synonyms). The other forms are the user's exact instruction and keep the engine's order; when
they find fewer passages than asked for, passages with only some of the words follow.
"""

from __future__ import annotations

import datetime
import html
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.db.models import Count, Max

from article3.coi import ranking
from article3.coi.models import Passage

FTS_TABLE = "coi_passage_fts"
# Private-use characters mark the matched words in snippets until they are escaped for HTML.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_TOKENS = 32
CANDIDATES = 30  # at least this many passages of each kind (every word, any word) are ranked
FREQUENCIES_KEPT = 600.0  # seconds a library's word counts are reused (while it does not change)
PG_CONFIG = "english"  # as in the trigger that fills Passage.search_vector (migration 0002)

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Filters:
    organisation_ids: Sequence[int]
    country: str = ""
    since: datetime.date | None = None
    current_only: bool = False


@dataclass(frozen=True)
class Hit:
    passage_id: int
    score: float
    snippet: str  # text with MARK_START/MARK_END around matched words
    partial: bool = False  # only some of the words matched


# Query language


def fts5_query(text: str) -> str:
    """The user's words as an FTS5 query made only of quoted phrases, OR and prefix stars."""
    parts: list[str] = []
    for match in _TOKEN.finditer(text):
        phrase, word = match.groups()
        if word == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        words = _WORD.findall(phrase if phrase is not None else word)
        if not words:
            continue
        star = "*" if phrase is None and word.endswith("*") else ""
        parts.append('"' + " ".join(words) + '"' + star)
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


def query_words(text: str) -> list[str]:
    """The plain words of a query, for highlighting and for the semantic model."""
    return [w for w in _WORD.findall(text) if w != "OR"]


# Dispatch


def clean_query(text: str) -> str:
    """Control characters (NUL among them, which PostgreSQL refuses) become spaces."""
    return "".join(" " if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 else ch for ch in text)[:500]


def any_words_query(text: str) -> str:
    """"a b c" -> "a OR b OR c" for a query of several plain words; "" for anything else."""
    tokens = text.split()
    if len(tokens) < 2 or any('"' in t or t == "OR" for t in tokens):
        return ""
    return " OR ".join(tokens)


def keyword_hits(*, query: str, filters: Filters, limit: int) -> list[Hit]:
    query = clean_query(query)
    if not query.strip() or not filters.organisation_ids:
        return []
    engine = _postgres_hits if connection.vendor == "postgresql" else _sqlite_hits
    if is_plain(query):
        named, names, rest = ranking.countries_named(query)
        found = ranking.concepts(rest)
        if found and named:
            # A question naming a country is about it: search its reports, where the name is known
            # from the report rather than from the passage's words, then (without a filter) the others.
            scoped = filters if filters.country else replace(filters, country=named[0])
            first = _ranked_hits(found, filters=scoped, limit=limit, also=ranking.concepts(names),
                                 keep_unscored=scoped.country in named)
            seen = {hit.passage_id for hit in first}
            more = [] if filters.country or len(first) >= limit else [
                hit for hit in _ranked_hits(found, filters=filters, limit=limit) if hit.passage_id not in seen]
            return (first + more)[:limit]
        if found:
            return _ranked_hits(found, filters=filters, limit=limit)
    hits = engine(query=query, filters=filters, limit=limit)
    fallback = any_words_query(query)
    if fallback and len(hits) < limit:
        seen = {hit.passage_id for hit in hits}
        more = engine(query=fallback, filters=filters, limit=limit + len(hits))
        hits += [replace(hit, partial=True) for hit in more if hit.passage_id not in seen][: limit - len(hits)]
    return hits


def is_plain(query: str) -> bool:
    """Words only: no quotes, no OR, no prefix star."""
    return '"' not in query and "*" not in query and "OR" not in query.split()


def _ranked_hits(found: list[ranking.Concept], *, filters: Filters, limit: int,
                 also: Sequence[ranking.Concept] = (), keep_unscored: bool = False) -> list[Hit]:
    """`found` ranks; `also` only brings candidates (a country's name, in its own reports), and
    with `keep_unscored` what it alone brought stays in the results, last."""
    vendor = connection.vendor
    engine = _postgres_hits if vendor == "postgresql" else _sqlite_hits
    depth = max(limit * 3, CANDIDATES)
    every = " ".join(f'"{c.typed.words}"' for c in found)  # each concept typed, in any order
    anything = " OR ".join(f'"{words}"' for words in ranking.search_terms([*found, *also]))
    if vendor == "postgresql":
        every, anything = _websearch(every), _websearch(anything)
    full = {hit.passage_id for hit in engine(query=every, filters=filters, limit=depth, snippets=False)}
    wide = {hit.passage_id for hit in engine(query=anything, filters=filters, limit=depth, snippets=False)}
    rows = Passage.objects.filter(pk__in=full | wide).values_list("pk", "text", "heading")
    candidates = [ranking.Candidate(pk, text, heading) for pk, text, heading in rows]
    total, frequency = _library_statistics(filters)
    scores = dict(ranking.rank(candidates, found, total=total, frequency=frequency))
    ordered = sorted(scores, key=lambda pk: (pk not in full, -scores[pk], pk))
    chosen = [pk for pk in ordered if pk in full or scores[pk] > 0 or keep_unscored][:limit]
    # Snippets around the words typed, where the passage has them; around their synonyms if not.
    typed = " OR ".join(f'"{c.typed.words}"' for c in found)
    snippets = _snippets(_websearch(typed) if vendor == "postgresql" else typed, chosen)
    missing = [pk for pk in chosen if not snippets.get(pk) or MARK_START not in snippets[pk]]
    snippets.update(_snippets(anything, missing) if missing else {})
    return [Hit(passage_id=pk, score=round(scores[pk], 4), snippet=snippets.get(pk, ""), partial=pk not in full)
            for pk in chosen]


def _snippets(query: str, ids: list[int]) -> dict[int, str]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        return _postgres_snippets(SearchQuery(query, search_type="websearch", config=PG_CONFIG), ids)
    return _sqlite_snippets(fts5_query(query), ids)


def _websearch(query: str) -> str:
    # websearch_to_tsquery reads quoted phrases and "or" as this module's syntax does.
    return query.replace('" OR "', '" or "')


class _Frequencies:
    """Passage counts of a library (the organisations searched), kept while the library does not
    change: the same reports (count, newest id, newest import time), for at most FREQUENCIES_KEPT."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[tuple[int, ...], tuple[Any, float, dict[str, int]]] = {}

    def counts(self, organisation_ids: Sequence[int]) -> dict[str, int]:
        from article3.coi.models import Report

        scope = tuple(sorted(organisation_ids))
        generation = Report.objects.filter(organisation_id__in=scope).aggregate(
            n=Count("pk"), last=Max("pk"), newest=Max("imported_at"))
        now = time.monotonic()
        with self._lock:
            kept = self._kept.get(scope)
            if kept is None or kept[0] != generation or now - kept[1] > FREQUENCIES_KEPT:
                if len(self._kept) > 100:
                    self._kept.clear()
                kept = self._kept[scope] = (generation, now, {})
            return kept[2]


_frequencies = _Frequencies()


def _library_statistics(filters: Filters) -> tuple[int, Any]:
    """The number of passages in the organisations' libraries, and a function giving how many of
    them hold a term's words together; both counted by the engine and kept (see _Frequencies)."""
    counts = _frequencies.counts(filters.organisation_ids)
    scope = Filters(organisation_ids=filters.organisation_ids)

    def frequency(words: str) -> int:
        if words not in counts:
            counts[words] = _count_matching(f'"{words}"', scope)
        return counts[words]

    if "\0all" not in counts:
        counts["\0all"] = passages_in_scope(scope).count()
    return counts["\0all"], frequency


def _count_matching(query: str, filters: Filters) -> int:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        search = SearchQuery(query, search_type="websearch", config=PG_CONFIG)
        return int(passages_in_scope(filters).filter(search_vector=search).count())
    where, params = _sqlite_filters(filters)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {FTS_TABLE} AS f JOIN coi_passage AS p ON p.id = f.rowid "  # noqa: S608  # nosec B608
            f"JOIN coi_report AS r ON r.id = p.report_id WHERE {FTS_TABLE} MATCH %s AND {where}",
            [fts5_query(query), *params])
        return int(cursor.fetchone()[0])


# SQLite FTS5


def _sqlite_hits(*, query: str, filters: Filters, limit: int, snippets: bool = True) -> list[Hit]:
    """The best passages in scope. Ranking every match is the cost; joining each match to its
    report doubles it, so the best few matches are ranked alone first and checked against the
    scope, and only when too few of them are in it does the joined query run."""
    match = fts5_query(query)
    if not match:
        return []
    ranked = _sqlite_top(match, filters, limit) or _sqlite_joined(match, filters, limit)
    found = _sqlite_snippets(match, [pk for pk, _ in ranked]) if snippets else {}
    return [Hit(passage_id=pk, score=round(-score, 4), snippet=found.get(pk, "")) for pk, score in ranked]


def _sqlite_top(match: str, filters: Filters, limit: int) -> list[tuple[int, float]]:
    # FTS5 scores every match whatever the LIMIT, so a deep list costs little more than a short one;
    # checking it against the scope costs more, so go deep only when filters leave few in scope.
    filtered = filters.country or filters.since or filters.current_only
    depth = max(limit * 50, 1000) if filtered else max(limit * 5, 50)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25({FTS_TABLE}, 1.0, 0.5) AS score FROM {FTS_TABLE} "  # noqa: S608  # nosec B608
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY score, rowid LIMIT %s", [match, depth])
        rows = cursor.fetchall()
    in_scope = set(passages_in_scope(filters).filter(pk__in=[pk for pk, _ in rows]).values_list("pk", flat=True))
    kept = [(pk, score) for pk, score in rows if pk in in_scope]
    if len(kept) >= limit or len(rows) < depth:
        return kept[:limit]
    return []  # too deep for this shortcut: rank within the scope


def _sqlite_joined(match: str, filters: Filters, limit: int) -> list[tuple[int, float]]:
    where, params = _sqlite_filters(filters)
    # Only constants and placeholders are formatted in; every value is a parameter.
    sql = (
        f"SELECT f.rowid, bm25({FTS_TABLE}, 1.0, 0.5) AS score "  # noqa: S608  # nosec B608
        f"FROM {FTS_TABLE} AS f JOIN coi_passage AS p ON p.id = f.rowid "
        f"JOIN coi_report AS r ON r.id = p.report_id "
        f"WHERE {FTS_TABLE} MATCH %s AND {where} ORDER BY score, f.rowid LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, limit])
        return [(pk, score) for pk, score in cursor.fetchall()]


def _sqlite_snippets(match: str, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, snippet({FTS_TABLE}, 0, %s, %s, '…', {SNIPPET_TOKENS}) "  # noqa: S608  # nosec B608
            f"FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})", [MARK_START, MARK_END, match, *ids])
        return dict(cursor.fetchall())


def _sqlite_filters(filters: Filters) -> tuple[str, list[Any]]:
    marks = ", ".join(["%s"] * len(filters.organisation_ids))
    clauses: list[str] = [f"r.organisation_id IN ({marks})"]
    params: list[Any] = list(filters.organisation_ids)
    if filters.country:
        clauses.append("r.id IN (SELECT report_id FROM coi_reportcountry WHERE code = %s)")
        params.append(filters.country)
    if filters.since:
        clauses.append("r.date >= %s")
        params.append(filters.since.isoformat())
    if filters.current_only:
        clauses.append("r.superseded_by_id IS NULL")
    return " AND ".join(clauses), params


# PostgreSQL


def _postgres_hits(*, query: str, filters: Filters, limit: int, snippets: bool = True) -> list[Hit]:
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    search = SearchQuery(query, search_type="websearch", config=PG_CONFIG)
    ranked = list(
        passages_in_scope(filters)
        .filter(search_vector=search)
        .annotate(score=SearchRank(F("search_vector"), search))
        .order_by("-score", "pk")
        .values_list("pk", "score")[:limit]
    )
    found = _postgres_snippets(search, [pk for pk, _ in ranked]) if snippets else {}
    return [Hit(passage_id=pk, score=round(float(score), 4), snippet=found.get(pk, "")) for pk, score in ranked]


def _postgres_snippets(search: Any, ids: list[int]) -> dict[int, str]:
    from django.contrib.postgres.search import SearchHeadline

    return dict(
        Passage.objects.filter(pk__in=ids)
        .annotate(snippet=SearchHeadline("text", search, config=PG_CONFIG, start_sel=MARK_START,
                                         stop_sel=MARK_END, max_words=SNIPPET_TOKENS, min_words=12,
                                         max_fragments=2, fragment_delimiter=" … "))
        .values_list("pk", "snippet")
    )


def passages_in_scope(filters: Filters) -> Any:
    passages = Passage.objects.filter(report__organisation_id__in=filters.organisation_ids)
    if filters.country:
        passages = passages.filter(report__countries__code=filters.country)
    if filters.since:
        passages = passages.filter(report__date__gte=filters.since)
    if filters.current_only:
        passages = passages.filter(report__superseded_by__isnull=True)
    return passages


# Presentation


def snippet_html(snippet: str) -> str:
    """The snippet escaped for HTML, matched words in <mark>."""
    return html.escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def snippet_from_text(text: str, words: Sequence[str], *, size: int = 240) -> str:
    """A snippet for a passage found without the full-text engine (semantic search): the start of
    the passage, or the stretch around the first query word, with the query words marked."""
    lowered = text.lower()
    first = min((i for i in (lowered.find(w.lower()) for w in words) if i >= 0), default=0)
    start = max(0, first - size // 3)
    piece = ("…" if start else "") + text[start:start + size] + ("…" if start + size < len(text) else "")
    if not words:
        return piece
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.sub(rf"\b((?:{alternatives})\w*)", rf"{MARK_START}\1{MARK_END}", piece, flags=re.IGNORECASE)
