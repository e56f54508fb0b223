"""The witness list: people on the case, what they speak to, how they attend, their statements in the
bundle, and a preparation checklist each; edited and removed with an audit trail."""

import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.bundles.services import bundle_request, bundle_run
from article3.cases.models import Case
from article3.errors import DomainError, StaleEdit
from article3.evidence.services import document_add, document_process
from article3.hearing import witnesses
from article3.hearing.models import Witness
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_witness_with_their_statement_in_bundle_pages_and_a_checklist(demo_case: Case, alice: User) -> None:
    statement = document_add(actor="test", case=demo_case, stream=io.BytesIO(b"I was at the meeting in 2018."),
                             filename="ndi.txt", kind="witness_statement", process=False)
    statement.author = "Pascal Ndi"
    statement.save()
    for document in demo_case.documents.all():
        document_process(document=document, ocr=False)
    build = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False))
    witness = witnesses.witness_add(actor=alice, case=demo_case, person_key="p-witness")
    with pytest.raises(DomainError, match="already on the witness list"):
        witnesses.witness_add(actor=alice, case=demo_case, person_key="p-witness")
    with pytest.raises(DomainError, match="Choose a person"):
        witnesses.witness_add(actor=alice, case=demo_case, person_key="p-nobody")
    updated = witnesses.witness_update(actor=alice, witness=witness, expected_version=witness.version,
                                       speaks_to="The warning by the official in 2018", language="French",
                                       remote=True, contact_done=True, checklist=["statement", "availability"])
    with pytest.raises(StaleEdit):
        witnesses.witness_update(actor=alice, witness=updated, expected_version=witness.version, checklist=[])
    with pytest.raises(DomainError, match="not one Article3 knows"):
        witnesses.witness_update(actor=alice, witness=updated, expected_version=updated.version, checklist=["x"])
    [row] = witnesses.witness_list(case=demo_case)
    [pin] = row.statements
    assert pin.document.pk == statement.pk
    assert pin.bundle_page == build.page_map["documents"][statement.key]["start"]
    assert row.open_items == 4 and ("statement", "Signed statement filed in the bundle", True) in row.checklist
    assert all(p.pk != row.witness.person_id for p in witnesses.candidates(case=demo_case))
    witnesses.witness_remove(actor=alice, witness=Witness.objects.get(pk=witness.pk))
    assert not Witness.objects.exists()
    assert set(AuditEntry.objects.filter(case_id=demo_case.pk, action__startswith="hearing.witness")
               .values_list("action", flat=True)) == {"hearing.witness.added", "hearing.witness.updated",
                                                      "hearing.witness.removed"}


def test_the_witnesses_page_adds_and_ticks(demo_case: Case, alice: User, bob: User) -> None:
    client = client_for(alice)
    add = reverse("case_hearing_witness_add", kwargs={"case_id": demo_case.public_id})
    page = client.post(add, {"person": "p-witness"}, follow=True).content.decode()
    assert "Pascal Ndi is on the witness list." in page and "6 preparation items still open." in page
    witness = Witness.objects.get(case=demo_case)
    edit = reverse("case_hearing_witness_edit", kwargs={"case_id": demo_case.public_id, "pk": witness.pk})
    page = client.post(edit, {"version": witness.version, "checklist": ["prepared"], "interpreter_needed": "on"},
                       follow=True).content.decode()
    assert "Witness saved." in page and "5 preparation items still open." in page and "Interpreter needed." in page
    viewer = client_for(bob).get(reverse("case_hearing_witnesses", kwargs={"case_id": demo_case.public_id}))
    assert "Done: Went through the statement and likely questions" in viewer.content.decode()
    assert "p-witness" not in viewer.content.decode(), "no record keys shown to a reader"
