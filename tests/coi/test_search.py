"""Full-text search over passages, on whichever database the suite runs (SQLite FTS5 or PostgreSQL)."""

import datetime

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from article3.accounts.models import Organisation
from article3.coi.models import Report
from article3.coi.search import fts5_query
from article3.coi.selectors import parse_since, passage_search
from tests.coi.conftest import add_report

pytestmark = pytest.mark.django_db


def texts(results: list) -> list[str]:  # type: ignore[type-arg]
    return [r.passage.text for r in results]


def test_the_relevant_passage_ranks_first(alice: User, report_2024: Report, report_2023: Report) -> None:
    results = passage_search(user=alice, query="torture gendarmerie custody")
    assert results, "found"
    assert results[0].passage.text.startswith("Torture and other ill-treatment in gendarmerie and police custody")
    full = [r for r in results if not r.partial]
    assert len(full) == 1 and results[0] == full[0], "passages with every word come first"
    assert [r.score for r in results[1:]] == sorted((r.score for r in results[1:]), reverse=True)
    assert all(r.partial for r in results[1:]) and len(results) > 3, "then those with some of the words"


def test_results_carry_anchors_report_and_a_highlighted_snippet(alice: User, report_2024: Report) -> None:
    (first, *_) = passage_search(user=alice, query="journalists military courts")
    data = first.as_json()
    assert data["report"] == {"id": report_2024.pk, "title": "Cameroon: Country Report 2024",
                              "publisher": "Rights Monitor", "date": "2024-03-20",
                              "url": "https://example.org/cameroon-2024.pdf", "superseded": False}
    assert data["page"] == 1 and data["paragraph"] == 4
    assert data["heading"] == "1. Political situation > 1.2 Freedom of expression"
    assert data["text"].startswith("Journalists who reported on the separatist conflict")
    assert "<mark>Journalists</mark>" in data["snippet"] and "<mark>military</mark>" in data["snippet"]
    assert isinstance(data["score"], float) and data["passage_id"] == first.passage.pk


def test_a_quoted_phrase_matches_only_those_words_in_order(alice: User, report_2024: Report) -> None:
    loose = texts(passage_search(user=alice, query="opposition supporters"))
    phrase = texts(passage_search(user=alice, query='"arrested hundreds of opposition"'))
    assert len(phrase) == 1 and phrase[0].startswith("Security forces arrested hundreds")
    assert len(loose) >= 1
    assert passage_search(user=alice, query='"opposition hundreds arrested"') == []


def test_stemming_finds_other_forms_of_a_word(alice: User, report_2024: Report) -> None:
    arrested = set(texts(passage_search(user=alice, query="arrests")))
    assert any(t.startswith("Security forces arrested hundreds") for t in arrested), "arrests finds arrested"
    assert any("arrest in Yaoundé" in t for t in arrested), "and arrest"
    assert set(texts(passage_search(user=alice, query="arresting"))) == arrested


def test_or_and_prefix(alice: User, report_2024: Report) -> None:
    either = texts(passage_search(user=alice, query="journalists OR ventilation"))
    assert len(either) == 2
    assert texts(passage_search(user=alice, query="ventil*")) == [t for t in either if "ventilation" in t]


def test_country_filter(alice: User, report_2024: Report, news_nigeria: Report) -> None:
    everywhere = passage_search(user=alice, query="arrested")
    assert {r.passage.report_id for r in everywhere} == {report_2024.pk, news_nigeria.pk}
    nigeria = passage_search(user=alice, query="arrested", country="ng")
    assert {r.passage.report_id for r in nigeria} == {news_nigeria.pk}


def test_since_filter(alice: User, report_2024: Report, report_2023: Report, news_nigeria: Report) -> None:
    recent = passage_search(user=alice, query="detention OR custody", since=parse_since("2024-04"))
    assert {r.passage.report_id for r in recent} == {news_nigeria.pk}
    all_years = passage_search(user=alice, query="detention OR custody", since=parse_since("2023-01"))
    assert {r.passage.report_id for r in all_years} == {report_2023.pk, report_2024.pk, news_nigeria.pk}


def test_current_editions_only(alice: User, report_2024: Report, report_2023: Report) -> None:
    both = passage_search(user=alice, query="custody")
    assert {r.passage.report_id for r in both} == {report_2023.pk, report_2024.pk}
    old = next(r for r in both if r.passage.report_id == report_2023.pk)
    assert old.as_json()["report"]["superseded"] is True
    current = passage_search(user=alice, query="custody", current_only=True)
    assert {r.passage.report_id for r in current} == {report_2024.pk}


def test_limit(alice: User, report_2024: Report) -> None:
    assert len(passage_search(user=alice, query="detention OR custody OR arrested", limit=3)) == 3


def test_other_organisations_reports_are_never_found(alice: User, charlie: User, org_b: Organisation,
                                                     report_2024: Report) -> None:
    theirs = add_report(org_b, b"Secret canary passage about torture in custody.", countries=["CM"])
    assert passage_search(user=charlie, query="journalists") == []
    assert texts(passage_search(user=charlie, query="canary")) == ["Secret canary passage about torture in custody."]
    assert all(r.passage.report_id != theirs.pk for r in passage_search(user=alice, query="torture custody canary"))
    assert passage_search(user=alice, query="canary") == []


def test_anonymous_users_find_nothing(report_2024: Report) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert passage_search(user=AnonymousUser(), query="torture") == []


def test_the_command_line_operator_searches_the_named_organisation(org_a: Organisation, report_2024: Report) -> None:
    assert passage_search(user="cli:me", organisation=org_a, query="torture")
    assert passage_search(user="cli:me", query="torture") == [], "no organisation, no library"


@pytest.mark.parametrize("query", ['"', '""', "AND", "OR", "NOT torture", "torture AND", "(custody", "custody)",
                                   "NEAR(a b)", "col:torture", "^torture", "*", "torture*", "-custody", "'",
                                   "a\x00b", "ä ö ü", "😀", "text:", "{text heading}: torture", "   "])
def test_no_input_is_a_syntax_error(alice: User, report_2024: Report, query: str) -> None:
    passage_search(user=alice, query=query)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=40))
def test_random_input_is_never_a_syntax_error(alice: User, report_2024: Report, query: str) -> None:
    passage_search(user=alice, query=query)


def test_the_fts5_query_is_quoted_phrases_only() -> None:
    assert fts5_query('torture "police custody" OR detention ventil* NEAR(x) a"b') == (
        '"torture" "police custody" OR "detention" "ventil"* "NEAR x" "a b"')
    assert fts5_query("North-West state's") == '"North West" "state s"', "a hyphenated word stays one phrase"
    assert fts5_query("OR OR torture OR") == '"torture"'
    assert fts5_query('"') == ""


def test_a_report_dated_on_the_since_day_is_included(alice: User, org_a: Organisation) -> None:
    add_report(org_a, b"Curfew imposed in Bamenda.", date=datetime.date(2024, 4, 1))
    assert len(passage_search(user=alice, query="curfew", since=datetime.date(2024, 4, 1))) == 1
    assert passage_search(user=alice, query="curfew", since=datetime.date(2024, 4, 2)) == []


def test_many_better_matches_elsewhere_do_not_hide_the_users_own(alice: User, charlie: User, org_a: Organisation,
                                                                 org_b: Organisation) -> None:
    """The best matches overall are another organisation's: the search still ranks within scope."""
    add_report(org_b, "\n\n".join(f"Torture torture, case {n}." for n in range(80)).encode())
    mine = add_report(org_a, b"A long passage that mentions torture once among many other words about the region.")
    assert [r.passage.report_id for r in passage_search(user=alice, query="torture")] == [mine.pk]
    assert len(passage_search(user=charlie, query="torture", limit=60)) == 60
