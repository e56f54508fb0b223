"""What case pages keep in memory (article3/snapshots.py) is never served after the case changed.

Every table of a case's records has its change-stamp triggers; any write to a case, whichever way
it is made, gives the case a new token in the writing transaction; a page read after a write sees
it, in the thread that wrote and in another one with its own connection; a write rolled back
leaves nothing behind that a later read would get.
"""

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from article3 import snapshots
from article3.cases.models import Case, CaseCheck
from article3.cases.services import case_create
from article3.chronology import services as chronology
from article3.chronology.models import Account, Event
from article3.chronology.selectors import chronology_snapshot
from article3.claims import services as claims
from article3.claims.models import Fact, Support
from article3.claims.report import gap_report
from article3.claims.selectors import claims_snapshot
from article3.evidence.models import Document, DocumentPage
from tests.scale import Size, seed

SMALL = Size(documents=2, pages=1, events=3, facts=2, conflicts=1, citations=2)


@pytest.fixture(autouse=True)
def _empty_memo() -> None:
    snapshots.memo().clear()


def test_every_table_of_a_case_is_stamped(db: None) -> None:
    assert snapshots.missing_stamps() == []
    tables = snapshots.stamped_tables()
    for table in ("chronology_event", "chronology_account", "claims_fact", "claims_support", "evidence_document",
                  "evidence_documentpage", "evidence_medicalfinding", "coi_coicitation", "cases_applicant",
                  "chronology_conflictnote", "interpreters_booking", "cases_case"):
        assert tables[table] != "0", f"{table} is not traced to its case"
    for table in ("coi_report", "coi_passage", "interpreters_interpreter"):  # shared by cases: token 0
        assert tables[table] == "0"
    assert "cases_casecheck" not in tables and "audit_auditentry" not in tables


def _save(event: Event) -> None:
    event.place = "Douala"
    event.save()


def _changes(case: Case, write: Callable[[], Any]) -> bool:
    before = snapshots.case_tokens(case.pk)[0]
    write()
    return snapshots.case_tokens(case.pk)[0] != before


@pytest.mark.django_db
def test_any_write_to_a_case_gives_it_a_new_token(case: Case, alice: User) -> None:
    seed(case, SMALL)
    event = Event.objects.get(case=case, key="se0")
    account = Account.objects.filter(event=event).order_by("pk")[0]
    document = Document.objects.get(case=case, key="sd0")
    fact = Fact.objects.get(case=case, key="sf0")
    writes: dict[str, Callable[[], Any]] = {
        "service": lambda: chronology.event_add(actor=alice, case=case, title="Arrest", kind="detention",
                                                date="2019-03-14"),
        "save": lambda: _save(event),
        "update()": lambda: Account.objects.filter(pk=account.pk).update(place="Buea"),
        "bulk_create": lambda: DocumentPage.objects.bulk_create([DocumentPage(document=document, number=99)]),
        "two levels down": lambda: Support.objects.filter(fact=fact).update(pages="3"),
        "delete": lambda: Account.objects.filter(pk=account.pk).delete(),
        "raw SQL": lambda: connection.cursor().execute(
            "UPDATE chronology_event SET in_home_country = %s WHERE id = %s", [False, event.pk]),
        "the case itself": lambda: Case.objects.filter(pk=case.pk).update(forum="generic"),
    }
    unchanged = [name for name, write in writes.items() if not _changes(case, write)]
    assert not unchanged, f"writes that left the token as it was: {unchanged}"
    # The overview's own note of the last check is not a change of the case.
    assert not _changes(case, lambda: CaseCheck.objects.update_or_create(
        case=case, defaults={"high_findings": 1, "checked_at": datetime.datetime.now(datetime.UTC)}))


@pytest.mark.django_db
def test_a_case_is_read_once_until_it_changes(case: Case, alice: User, django_assert_max_num_queries: Any) -> None:
    seed(case, SMALL)
    first = chronology_snapshot(case=case)
    with django_assert_max_num_queries(1):  # the tokens
        again = chronology_snapshot(case=case)
    assert again.events is first.events
    chronology.event_add(actor=alice, case=case, title="Beaten at the station", kind="harm", date="2019-03-15")
    after = chronology_snapshot(case=case)
    assert "Beaten at the station" in [e.title for e in after.events]


@pytest.mark.django_db
def test_each_caller_gets_its_own_case_object(case: Case) -> None:
    seed(case, SMALL)
    chronology_snapshot(case=case)
    other = Case.objects.get(pk=case.pk)
    assert chronology_snapshot(case=other).case is other
    assert claims_snapshot(case=other).case is other
    report = gap_report(case=other)
    assert report.case is other and report.snapshot.case is other


@pytest.mark.django_db
def test_what_is_kept_depends_on_the_language_and_the_day(case: Case) -> None:
    seed(case, SMALL)
    today = datetime.date(2026, 12, 6)
    assert gap_report(case=case, today=today) is gap_report(case=case, today=today)
    assert gap_report(case=case, today=today) is not gap_report(case=case, today=today + datetime.timedelta(1))
    english = chronology_snapshot(case=case)
    with translation.override("fr"):
        assert chronology_snapshot(case=case).view is not english.view


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_nothing_kept_behind(case: Case, alice: User) -> None:
    seed(case, SMALL)
    chronology_snapshot(case=case)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        chronology.event_add(actor=alice, case=case, title="Never happened", kind="harm", date="2019-01-01")
        assert "Never happened" in [e.title for e in chronology_snapshot(case=case).events]
        raise Undo
    assert "Never happened" not in [e.title for e in chronology_snapshot(case=case).events]
    chronology.event_add(actor=alice, case=case, title="Happened", kind="harm", date="2019-01-02")
    titles = [e.title for e in chronology_snapshot(case=case).events]
    assert "Happened" in titles and "Never happened" not in titles


@pytest.mark.django_db
def test_a_page_after_a_write_shows_it(case: Case, alice: User) -> None:
    seed(case, SMALL)
    client = Client()
    client.force_login(alice)
    chronology_url = reverse("case_chronology", kwargs={"case_id": case.public_id})
    elements_url = reverse("case_elements", kwargs={"case_id": case.public_id})
    assert client.get(chronology_url).status_code == 200 and client.get(elements_url).status_code == 200
    chronology.event_add(actor=alice, case=case, title="Taken to the gendarmerie", kind="detention",
                         date="2018-05-02")
    claims.fact_add(actor=alice, case=case, text="He was burned with cigarettes.", elements=["past_torture"])
    assert "Taken to the gendarmerie" in client.get(chronology_url).content.decode()
    assert "burned with cigarettes" in client.get(reverse("case_element", kwargs={
        "case_id": case.public_id, "code": "past_torture"})).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_in_one_thread_is_seen_by_the_next_read_in_another(case: Case, alice: User) -> None:
    """Threads with their own connections, as the requests of a server (processes read the same tokens)."""
    seed(case, SMALL)
    seen: dict[str, list[str]] = {}

    def read(name: str) -> None:
        try:
            fresh = Case.objects.get(pk=case.pk)
            seen[name] = [e.title for e in chronology_snapshot(case=fresh).events]
            seen[name + " facts"] = [f.text for f in claims_snapshot(case=fresh).facts]
        finally:
            connection.close()

    def in_thread(name: str) -> None:
        thread = threading.Thread(target=read, args=(name,))
        thread.start()
        thread.join()

    in_thread("before")
    in_thread("before, again")  # kept
    chronology.event_add(actor=alice, case=case, title="Released on bail", kind="other", date="2019-04-01")
    claims.fact_add(actor=alice, case=case, text="He reported weekly.", elements=["past_torture"])
    in_thread("after")
    assert "Released on bail" not in seen["before"] and "Released on bail" in seen["after"]
    assert "He reported weekly." in seen["after facts"]
    assert snapshots.memo().hits >= 2


@pytest.mark.django_db
def test_nothing_is_kept_when_keeping_is_off(case: Case, settings: Any) -> None:
    settings.ARTICLE3_SNAPSHOT_ENTRIES = 0
    seed(case, SMALL)
    assert chronology_snapshot(case=case).events is not chronology_snapshot(case=case).events
    assert len(snapshots.memo()) == 0


def test_the_memo_is_bounded_in_entries_and_time() -> None:
    memo = snapshots.Memo()
    for n in range(5):
        memo.get(("chronology", n, (n, 0)), str, entries=3, seconds=60)
    assert len(memo) == 3
    calls: list[int] = []
    memo.get(("chronology", 9, (1, 0)), lambda: calls.append(1), entries=3, seconds=0)
    memo.get(("chronology", 9, (1, 0)), lambda: calls.append(1), entries=3, seconds=0)
    assert len(calls) == 2  # expired at once
    memo.get(("claims", 7, (1, 0)), lambda: "old", entries=3, seconds=60)
    assert memo.get(("claims", 7, (2, 0)), lambda: "new", entries=3, seconds=60) == "new"
    assert ("claims", 7, (1, 0)) not in memo._entries  # a newer state of the case replaced it


@pytest.mark.django_db
def test_a_case_held_with_a_forum_not_saved_yet_gets_that_forums_matrix(case: Case) -> None:
    from article3.rulepacks import pack_ids

    seed(case, SMALL)
    assert claims_snapshot(case=case).pack.forum == case.forum
    held = Case.objects.get(pk=case.pk)
    held.forum = next(p for p in pack_ids() if p != case.forum)
    assert claims_snapshot(case=held).pack.forum == held.forum
    assert gap_report(case=held).snapshot.pack.forum == held.forum


@pytest.mark.django_db(transaction=True)
def test_a_migration_that_rebuilds_a_table_runs_and_what_was_kept_is_not_read_again(case: Case) -> None:
    """SQLite rebuilds a table to alter it; the triggers that name it are out of the way meanwhile."""
    from django.core.management import call_command

    before = snapshots.case_tokens(case.pk)
    call_command("migrate", "bundles", "0003", verbosity=0)  # a build's warnings back to plain JSON: a rebuild
    call_command("migrate", "bundles", verbosity=0)
    assert snapshots.missing_stamps() == []
    assert snapshots.case_tokens(case.pk)[0] != before[0]


@pytest.mark.django_db(transaction=True)  # the warm-up closes its connection, as a web process's start does
def test_a_web_process_starts_with_the_last_opened_cases_read(case: Case, org_a: Any, alice: User,
                                                              settings: Any) -> None:
    from article3.warmup import _recent_cases

    seed(case, SMALL)
    other = case_create(actor=alice, organisation=org_a, reference="A-2026-002", forum="us-eoir",
                        country_of_return="CM", applicant_name="Other Applicant", owner_id=alice.pk)
    assert _recent_cases(1) == 1  # the case written last only
    kept_cases = {key[1] for key in snapshots.memo()._entries}
    assert kept_cases == {other.pk}
    snapshots.memo().clear()
    assert _recent_cases(3) == 2
    misses = snapshots.memo().misses
    with translation.override(settings.LANGUAGE_CODE):
        assert gap_report(case=Case.objects.get(pk=case.pk)).case.pk == case.pk
        chronology_snapshot(case=Case.objects.get(pk=case.pk))
    assert snapshots.memo().misses == misses, "the first request read what the start had kept"
    settings.ARTICLE3_WARM_CASES = 0
    snapshots.memo().clear()
    assert _recent_cases(settings.ARTICLE3_WARM_CASES) == 0 and len(snapshots.memo()) == 0
