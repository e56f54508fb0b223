"""Need-to-know: interpreters and experts see only what is shared; viewers do not download originals."""

import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.accounts.models import Organisation, Role
from article3.cases.models import Case, CaseMember
from article3.cases.selectors import case_list_for_user, shared_documents_for_user
from article3.cases.services import case_share_set, person_add, team_member_add, team_member_set_download
from article3.deadlines.selectors import upcoming_for_user
from article3.evidence.services import document_add
from tests.chronology import factories as chron
from tests.conftest import client_for, make_user


@pytest.fixture
def ivan(case: Case, org_a: Organisation) -> User:
    interpreter = make_user(org_a, "ivan@example.org", Role.INTERPRETER)
    team_member_add(actor="test", case=case, user_id=interpreter.pk, role=Role.INTERPRETER)
    return interpreter


def _share(case: Case, user: User, **thing: object) -> None:
    case_share_set(actor="test", seat=CaseMember.objects.get(case=case, user=user), shared=True, **thing)


@pytest.mark.django_db
def test_an_interpreter_sees_the_shared_declaration_and_nothing_else(case: Case, ivan: User) -> None:
    declaration = chron.document_for(case, title="Declaration of the applicant")
    chron.document_for(case, key="d-medical", kind="medical", title="Forensic medical report")
    person_add(actor="test", case=case, role="family", name="Canary Sister", relation="sister", at_risk=True)
    _share(case, ivan, document=declaration)
    client = client_for(ivan)
    home = client.get(reverse("case_detail", kwargs={"case_id": case.public_id}))
    assert b"Declaration of the applicant" in home.content and b"Forensic medical report" not in home.content
    assert b"Test Applicant" not in home.content and b"Canary Sister" not in home.content
    assert b"Safety" not in home.content  # no tab to pages that would answer 404 anyway
    listing = client.get(reverse("evidence", kwargs={"case_id": case.public_id}))
    assert b"Declaration of the applicant" in listing.content and b"Forensic medical report" not in listing.content
    status = client.get(reverse("evidence_status", kwargs={"case_id": case.public_id})).json()
    assert [row["key"] for row in status["documents"]] == ["d-declaration"]
    medical = reverse("evidence_document", kwargs={"case_id": case.public_id, "key": "d-medical"})
    assert client.get(medical).status_code == 404


@pytest.mark.django_db
def test_a_shared_event_shows_alone(case: Case, ivan: User) -> None:
    event = chron.event_for(case, title="Held at the station")
    chron.event_for(case, key="e-other", title="Beaten at the border")
    _share(case, ivan, event=event)
    client = client_for(ivan)
    page = client.get(reverse("case_event", kwargs={"case_id": case.public_id, "key": event.key}))
    assert page.status_code == 200 and b"Held at the station" in page.content
    assert b"Beaten at the border" not in client.get(reverse("case_detail", kwargs={"case_id": case.public_id})).content
    other = reverse("case_event", kwargs={"case_id": case.public_id, "key": "e-other"})
    assert client.get(other).status_code == 404


@pytest.mark.django_db
def test_need_to_know_cases_stay_out_of_dashboards_and_lists(case: Case, ivan: User) -> None:
    from tests.deadlines import factories as dl

    dl.deadline_for(case)
    assert upcoming_for_user(user=ivan, days=100000) == []
    assert list(case_list_for_user(user=ivan)) == []
    assert list(case_list_for_user(user=ivan, shared=True)) == [case]
    library = client_for(ivan).get(reverse("coi_library") + f"?case={case.public_id}")
    assert library.status_code == 404


@pytest.mark.django_db
def test_a_share_ends_when_the_role_widens_or_the_seat_goes(case: Case, ivan: User, alice: User) -> None:
    chron.document_for(case)
    assert list(shared_documents_for_user(user=ivan, case=case)) == []
    team_member_add(actor=alice, case=case, user_id=ivan.pk, role=Role.PARALEGAL)
    assert [d.key for d in shared_documents_for_user(user=ivan, case=case)] == ["d-declaration"]


@pytest.mark.django_db
def test_a_viewer_downloads_originals_only_when_allowed(case: Case, alice: User, bob: User) -> None:
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"A witness statement."), filename="w.txt",
                            kind="witness_statement", process=False)
    url = reverse("evidence_original", kwargs={"case_id": case.public_id, "key": document.key})
    page = reverse("evidence_document", kwargs={"case_id": case.public_id, "key": document.key})
    assert client_for(bob).get(url).status_code == 403
    assert url.encode() not in client_for(bob).get(page).content
    team_member_set_download(actor=alice, seat=CaseMember.objects.get(case=case, user=bob), may_download=True)
    assert client_for(bob).get(url).status_code == 200
    assert url.encode() in client_for(bob).get(page).content


@pytest.mark.django_db
def test_the_document_page_offers_share_with_to_attorneys(case: Case, ivan: User, alice: User, bob: User) -> None:
    document = chron.document_for(case)
    page = reverse("evidence_document", kwargs={"case_id": case.public_id, "key": document.key})
    assert b"Share with ivan@example.org" in client_for(alice).get(page).content
    assert b"Share with" not in client_for(bob).get(page).content
    seat = CaseMember.objects.get(case=case, user=ivan)
    response = client_for(alice).post(reverse("case_team_share", kwargs={"case_id": case.public_id,
                                                                        "seat_id": seat.pk}),
                                      {"item": f"document:{document.key}", "shared": "1", "back": document.key})
    assert response.status_code == 302 and response["Location"] == page
    assert client_for(ivan).get(page).status_code == 200


@pytest.mark.django_db
def test_an_interpreter_gets_the_declaration_draft_linked_to_a_shared_declaration(case: Case, ivan: User) -> None:
    from article3.docs.models import GeneratedDocument
    from article3.evidence.storage import vault

    signed = chron.document_for(case, title="Declaration of the applicant")
    sha = vault().put(stream=io.BytesIO(b"draft")).sha256
    linked = GeneratedDocument.objects.create(case=case, kind="declaration", forum=case.forum, status="done",
                                              docx_sha256=sha, created_by="test", document=signed)
    other = GeneratedDocument.objects.create(case=case, kind="declaration", forum=case.forum, status="done",
                                             docx_sha256=sha, created_by="test")

    def url(generated: GeneratedDocument) -> str:
        return reverse("case_docs_download", kwargs={"case_id": case.public_id, "pk": generated.pk, "fmt": "docx"})

    client = client_for(ivan)
    assert client.get(url(linked)).status_code == 404, "not before the declaration is shared"
    _share(case, ivan, document=signed)
    assert client.get(url(linked)).status_code == 200
    assert client.get(url(other)).status_code == 404
    assert url(linked).encode() in client.get(reverse("case_detail", kwargs={"case_id": case.public_id})).content
    assert client.get(reverse("case_docs", kwargs={"case_id": case.public_id})).status_code == 404
