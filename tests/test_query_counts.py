"""Every case page runs as many queries for a case twice as big: no query per document, event or fact.

Each page is opened once (to fill whatever is cached per process), counted on a small case, then
counted again after as many documents, events, conflicts, facts and citations again were added:
once as a case is read afresh (nothing kept in memory, as after every write), once as pages find
what they derive from the case kept in memory (article3/snapshots.py).
"""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from article3 import snapshots
from article3.cases.models import Case
from tests.scale import CASE_PAGES, Size, answer_conflicts, seed

SMALL = Size(documents=3, pages=2, events=6, facts=4, conflicts=2, citations=3)

# Pages of one record: they must not grow with the rest of the case either.
RECORD_PAGES = {
    "case_event": {"key": "se0"},
    "case_fact": {"key": "sf0"},
    "evidence_document": {"key": "sd0"},
    "case_element": {"code": "past_torture"},
    "case_chronology_extract_document": {"doc_key": "sd0"},
}


def _count(client: Client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [q["sql"] for q in queries.captured_queries]


def _pages(case: Case) -> dict[str, str]:
    urls = {name: reverse(name, kwargs={"case_id": case.public_id}) for name in CASE_PAGES}
    urls.update({name: reverse(name, kwargs={"case_id": case.public_id, **extra})
                 for name, extra in RECORD_PAGES.items()})
    return urls


def _counts(client: Client, urls: dict[str, str]) -> dict[str, tuple[int, list[str]]]:
    # Twice: a document's first reading by the chronology assistant is a change of the case.
    for url in [*urls.values(), *urls.values()]:
        client.get(url)
    return {name: _count(client, url) for name, url in urls.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("kept", [0, 40], ids=["read-afresh", "kept-in-memory"])
def test_case_pages_run_the_same_queries_for_twice_the_case(case: Case, alice: User, kept: int,
                                                            settings: Any) -> None:
    settings.ARTICLE3_SNAPSHOT_ENTRIES = kept
    snapshots.memo().clear()  # what earlier tests in this process kept would push this case's entries out
    seed(case, SMALL, prefix="s")
    answer_conflicts(case)
    client = Client()
    client.force_login(alice)
    urls = _pages(case)
    before = _counts(client, urls)
    seed(case, SMALL, prefix="t")
    answer_conflicts(case)
    after = _counts(client, urls)
    grown: dict[str, Any] = {name: (before[name][0], after[name][0]) for name in urls
                             if after[name][0] != before[name][0]}
    assert not grown, f"queries grew with the case (before, after): {grown}"
    assert all(count > 0 for count, _ in before.values())
