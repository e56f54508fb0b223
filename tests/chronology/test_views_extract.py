"""The extraction assistant: proposals from a document's text, each accepted or rejected by a person."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client, TestCase
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.chronology.assistant import Statement, statement_token
from article3.chronology.models import Account, Event, StatementExtraction, StatementReview
from article3.chronology.sources import document_page_texts
from article3.evidence.models import Document, DocumentPage
from tests.chronology.factories import document_for, event_for
from tests.conftest import client_for

PAGES = (
    "On 14 March 2019 I was arrested at a checkpoint in Bamenda.\n\n"
    "I was released on 19 March 2019 after my family paid.",
    "The doctor examined me in April 2019.",
)


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


def proposals_page(client: Client, case: Case, document: Document, query: str = "") -> str:
    """The document's page once the worker has read it: the first visit queues the reading (run here
    at once, as the immediate task backend does when the request commits), the next shows it."""
    address = url("case_chronology_extract_document", case, doc_key=document.key)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.get(address).status_code == 200
    response = client.get(address + query)
    assert response.status_code == 200
    return response.content.decode()


def tokens(html: str) -> list[str]:
    """One token per proposal (each proposal has three forms with the same token)."""
    return list(dict.fromkeys(re.findall(r'name="token" value="([^"]+)"', html)))


def decide(client: Client, case: Case, document: Document, **data: object) -> str:
    response = client.post(url("case_chronology_statement", case, doc_key=document.key), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def declaration(case: Case) -> Document:
    return document_for(case, "d-declaration", "declaration", pages=PAGES)


@pytest.mark.django_db
def test_page_texts_keep_page_numbers(case: Case) -> None:
    document = document_for(case, "d-gappy", "other", pages=("one",))
    DocumentPage.objects.create(document=document, number=3, text="three")
    assert document_page_texts(document) == ["one", "", "three"]


@pytest.mark.django_db
def test_the_documents_are_listed(case: Case, as_alice: Client, declaration: Document) -> None:
    html = as_alice.get(url("case_chronology_extract", case)).content.decode()
    assert url("case_chronology_extract_document", case, doc_key="d-declaration") in html


@pytest.mark.django_db
def test_no_documents_yet(case: Case, as_alice: Client) -> None:
    assert b"No documents yet." in as_alice.get(url("case_chronology_extract", case)).content


@pytest.mark.django_db
def test_each_dated_statement_is_proposed_with_page_and_paragraph(
    case: Case, as_alice: Client, declaration: Document
) -> None:
    html = proposals_page(as_alice, case, declaration)
    assert "3 dated statements found, 3 awaiting a decision" in html
    assert "Page 1, paragraph 2 · looks like: release" in html and "Page 2, paragraph 1" in html
    assert "On <mark>14 March 2019</mark> I was arrested" in html
    assert '<option value="detention" selected>' in html  # the kind guess, preselected
    assert len(tokens(html)) == 3
    assert AuditEntry.objects.filter(action="chronology.document_text.viewed", object_key="d-declaration").exists()
    assert not Event.objects.filter(case=case).exists(), "nothing is added by looking"


@pytest.mark.django_db
def test_accept_as_a_new_event(case: Case, as_alice: Client, declaration: Document) -> None:
    first = tokens(proposals_page(as_alice, case, declaration))[0]
    html = decide(as_alice, case, declaration, token=first, decision="event", kind="detention",
                  title="Arrested at a checkpoint", date="2019-03-14", place="Bamenda")
    event = Event.objects.get(case=case)
    assert (event.kind, event.title, event.date, event.place) == ("detention", "Arrested at a checkpoint",
                                                                  "2019-03-14", "Bamenda")
    account = event.accounts.get()
    assert (account.document, account.page, account.paragraph, account.date) == (declaration, 1, 1, "2019-03-14")
    assert account.quote == "On 14 March 2019 I was arrested at a checkpoint in Bamenda."
    assert f"Added the event {event.key}" in html and "2 awaiting a decision" in html
    assert AuditEntry.objects.filter(action="chronology.statement.accepted_as_event").count() == 1


@pytest.mark.django_db
def test_accept_as_an_account_of_an_existing_event(case: Case, as_alice: Client, declaration: Document) -> None:
    event = event_for(case, key="e-release", kind="release", title="Released", date="2019-03-19")
    html = proposals_page(as_alice, case, declaration)
    assert '<option value="e-release" selected>' in html  # the event with the same date is suggested
    second = tokens(html)[1]
    decide(as_alice, case, declaration, token=second, decision="account", event="e-release", date="2019-03-19",
           age_stated="17")
    account = event.accounts.get()
    assert (account.page, account.paragraph, account.age_stated, account.document) == (1, 2, 17, declaration)
    review = StatementReview.objects.get()
    assert (review.decision, review.event, review.account) == ("account", event, account)


@pytest.mark.django_db
def test_reject_and_show_decided_ones(case: Case, as_alice: Client, declaration: Document) -> None:
    third = tokens(proposals_page(as_alice, case, declaration))[2]
    html = decide(as_alice, case, declaration, token=third, decision="reject")
    assert "Rejected the statement on page 2." in html and "2 awaiting a decision" in html
    assert "The doctor examined me" not in html
    assert "The doctor examined me" in proposals_page(as_alice, case, declaration, "?show=all")
    assert not Account.objects.exists()
    assert AuditEntry.objects.filter(action="chronology.statement.rejected", object_key="d-declaration").exists()


@pytest.mark.django_db
def test_a_statement_is_decided_once(case: Case, as_alice: Client, declaration: Document) -> None:
    first = tokens(proposals_page(as_alice, case, declaration))[0]
    decide(as_alice, case, declaration, token=first, decision="reject")
    html = decide(as_alice, case, declaration, token=first, decision="event", kind="harm", title="Again",
                  date="2019-03-14")
    assert "already decided" in html and not Event.objects.exists()


@pytest.mark.django_db
def test_a_forged_or_foreign_token_adds_nothing(case: Case, as_alice: Client, declaration: Document) -> None:
    html = decide(as_alice, case, declaration, token="forged", decision="event", kind="harm", title="Forged",
                  date="2019-01-01")
    assert "could not be read" in html
    other = document_for(case, "d-other", "witness_statement", pages=PAGES)
    foreign = tokens(proposals_page(as_alice, case, other))[0]
    html = decide(as_alice, case, declaration, token=foreign, decision="reject")
    assert "belongs to another document" in html
    assert not Event.objects.exists() and not StatementReview.objects.exists()


@pytest.mark.django_db
def test_missing_answers_add_nothing(case: Case, as_alice: Client, declaration: Document) -> None:
    first = tokens(proposals_page(as_alice, case, declaration))[0]
    html = decide(as_alice, case, declaration, token=first, decision="event", kind="harm", title="", date="")
    assert "Nothing was added." in html and not Event.objects.exists()
    html = decide(as_alice, case, declaration, token=first, decision="account", event="")
    assert "Nothing was added." in html and not Account.objects.exists()


@pytest.mark.django_db
def test_viewers_see_proposals_but_cannot_decide(case: Case, bob: User, declaration: Document) -> None:
    viewer = client_for(bob)
    html = proposals_page(viewer, case, declaration)
    assert "14 March 2019" in html and not tokens(html)
    token = statement_token(document=declaration, statement=Statement(1, 1, "x", "x", "2019"))
    response = viewer.post(url("case_chronology_statement", case, doc_key=declaration.key),
                           {"token": token, "decision": "reject"})
    assert response.status_code == 403 and not StatementReview.objects.exists()


@pytest.mark.django_db
def test_another_cases_document_is_not_found(case: Case, as_alice: Client, org_b: Organisation) -> None:
    other = case_create(actor="test", organisation=org_b, reference="B-1", forum="us-eoir",
                        country_of_return="CM", applicant_name="Other Person")
    foreign = document_for(other, "d-foreign", "declaration", pages=PAGES)
    assert as_alice.get(url("case_chronology_extract_document", case, doc_key=foreign.key)).status_code == 404


@pytest.mark.django_db
def test_french_documents_are_read_in_french(case: Case, as_alice: Client) -> None:
    document = document_for(case, "d-summons", "domestic_remedy_record", language="fr",
                            pages=("Le 14 mars 2019, j'ai été arrêté par les gendarmes.",))
    html = proposals_page(as_alice, case, document)
    assert "<mark>14 mars 2019</mark>" in html and 'value="2019-03-14"' in html


@pytest.mark.django_db
def test_a_document_without_text_yet(case: Case, as_alice: Client) -> None:
    document = document_for(case, "d-new", "medical")
    assert "The document's text is not available yet" in proposals_page(as_alice, case, document)


@pytest.mark.django_db
def test_the_first_visit_queues_the_reading_and_the_page_follows_it(case: Case, as_alice: Client,
                                                                    declaration: Document) -> None:
    address = url("case_chronology_extract_document", case, doc_key=declaration.key)
    html = as_alice.get(address).content.decode()  # the task is queued, not run: the request does not read
    assert "Waiting its turn" in html and "14 March 2019" not in html and 'http-equiv="refresh"' in html
    reading = StatementExtraction.objects.get(document=declaration)
    assert reading.status == "queued" and reading.statements == []
    status = as_alice.get(url("case_chronology_extract_status", case, doc_key=declaration.key)).json()
    assert status == {"finished": False, "status": "Waiting its turn",
                      "progress": "Waiting for the worker to read the document", "error": ""}
    with TestCase.captureOnCommitCallbacks(execute=True):
        as_alice.get(address)  # a second visit queues nothing more
    assert StatementExtraction.objects.get().status == "queued"

    from article3.chronology.tasks import statements_extract_task

    statements_extract_task.call(reading.pk)  # the worker
    assert as_alice.get(url("case_chronology_extract_status", case, doc_key=declaration.key)).json()["finished"]
    html = as_alice.get(address).content.decode()
    assert "3 dated statements found" in html and "<mark>14 March 2019</mark>" in html
    listed = as_alice.get(url("case_chronology_extract", case)).content.decode()
    assert "<td>3</td>" in listed


@pytest.mark.django_db
def test_the_statements_are_kept_encrypted(case: Case, as_alice: Client, declaration: Document) -> None:
    from django.db import connection

    proposals_page(as_alice, case, declaration)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statements FROM chronology_statementextraction")
        [(stored,)] = cursor.fetchall()
    assert stored.startswith("a3e1:") and "Bamenda" not in stored


@pytest.mark.django_db
def test_a_document_whose_text_changed_is_read_again(case: Case, as_alice: Client, declaration: Document) -> None:
    assert "3 dated statements found" in proposals_page(as_alice, case, declaration)
    DocumentPage.objects.filter(document=declaration).delete()  # converted again, as a replaced original is
    DocumentPage.objects.create(document=declaration, number=1, text="On 2 May 2020 they came to the house.")
    html = proposals_page(as_alice, case, declaration)
    assert "1 dated statement found" in html and "2 May 2020" in html and "Bamenda" not in html


@pytest.mark.django_db
def test_a_failed_reading_says_so_and_can_be_read_again(case: Case, as_alice: Client, declaration: Document,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from article3.chronology import assistant

    def broken(**_: object) -> list[Statement]:
        raise ValueError("boom")

    monkeypatch.setattr(assistant, "read_statements", broken)
    address = url("case_chronology_extract_document", case, doc_key=declaration.key)
    with TestCase.captureOnCommitCallbacks(execute=True):
        as_alice.get(address)  # the worker's run fails (the immediate backend records the task as failed)
    html = as_alice.get(address).content.decode()
    assert "could not be read for dates" in html and "Read it again" in html and "boom" not in html
    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = as_alice.post(url("case_chronology_extract_read", case, doc_key=declaration.key))
    assert response.status_code == 302
    assert "3 dated statements found" in as_alice.get(address).content.decode()


@pytest.mark.django_db
def test_another_cases_reading_is_not_found(case: Case, as_alice: Client, org_b: Organisation) -> None:
    other = case_create(actor="test", organisation=org_b, reference="B-1", forum="us-eoir",
                        country_of_return="CM", applicant_name="Other Person")
    foreign = document_for(other, "d-foreign", "declaration", pages=PAGES)
    assert as_alice.get(url("case_chronology_extract_status", other, doc_key=foreign.key)).status_code == 404
    assert as_alice.post(url("case_chronology_extract_read", other, doc_key=foreign.key)).status_code == 404
    assert as_alice.get(url("case_chronology_extract_status", case, doc_key=foreign.key)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "step", "failed"), [
    ("fr", "Lecture de la page 3 sur 7", "Le texte du document n’a pas pu être lu"),
    ("es", "Leyendo la página 3 de 7", "No se pudo leer el texto del documento")])
def test_the_readings_step_and_failure_are_in_the_readers_language(case: Case, alice: User, declaration: Document,
                                                                  language: str, step: str, failed: str) -> None:
    from article3.chronology.services import READ_FAILED, READ_PAGE
    from article3.words import Words, progress_fields
    from tests.conftest import client_speaking

    reading = StatementExtraction.objects.create(
        document=declaration, text_version="v", status="running", requested_at=declaration.created_at,
        **progress_fields(Words(READ_PAGE, {"page": 3, "pages": 7})))
    assert reading.progress == "Reading page 3 of 7"  # the record keeps the English
    client = client_speaking(alice, language)
    status = client.get(url("case_chronology_extract_status", case, doc_key=declaration.key)).json()
    assert status["progress"] == step
    StatementExtraction.objects.filter(pk=reading.pk).update(status="failed", progress="", progress_words={},
                                                             error_message=READ_FAILED)
    status = client.get(url("case_chronology_extract_status", case, doc_key=declaration.key)).json()
    assert status["error"].startswith(failed) and status["progress"] == ""
