"""Withdrawing a document (kept, out of the analysis, restorable) and leaving one out of the bundle (issue 16)."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.bundles.inputs import exhibit_order, profile_for
from article3.cases.models import Case
from article3.claims.report import gap_report
from article3.claims.selectors import claims_snapshot
from article3.errors import DomainError, StaleEdit
from article3.evidence.models import Document
from article3.evidence.services import document_add, document_bundle_exclude, document_restore, document_withdraw
from tests.claims.factories import document_for, fact_for, support_for
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _untranslated(case: Case) -> Document:
    """A French document with text and no translation: the gap report flags it."""
    return document_for(case, "d-summons", "prior_abuse_record", title="Summons", language="fr",
                        pages=("Convocation au commissariat de police.",))


def _codes_about(case: Case, key: str) -> set[str]:
    return {f.code for f in gap_report(case=case).findings if key in f.refs}


def _url(name: str, document: Document) -> str:
    return reverse(name, kwargs={"case_id": document.case.public_id, "key": document.key})


def test_withdrawn_document_leaves_checks_matrix_and_bundle_and_comes_back(case: Case) -> None:
    document = _untranslated(case)
    support_for(case, fact_for(case), kind="document", document=document)
    assert "translation_missing" in _codes_about(case, document.key)
    assert _matrix_keys(case) == {document.key}
    assert document in exhibit_order(case, profile_for(case.forum))

    withdrawn = document_withdraw(actor="test", document=document, reason="client says it is a copy",
                                  expected_version=document.version)
    assert withdrawn.withdrawn and withdrawn.version == document.version + 1
    assert _codes_about(case, document.key) == set()
    assert _matrix_keys(case) == set()
    assert withdrawn not in exhibit_order(case, profile_for(case.forum))
    assert Document.objects.filter(pk=document.pk).exists(), "kept in the vault and the case"
    assert list(withdrawn.custody.values_list("action", flat=True))[-1] == "withdrawn"

    restored = document_restore(actor="test", document=withdrawn, expected_version=withdrawn.version)
    assert not restored.withdrawn and restored.withdrawn_reason == ""
    assert "translation_missing" in _codes_about(case, document.key)
    assert _matrix_keys(case) == {document.key}
    actions = list(AuditEntry.objects.filter(object_key=document.key).values_list("action", flat=True))
    assert actions[-2:] == ["evidence.document.withdrawn", "evidence.document.restored"]


def _matrix_keys(case: Case) -> set[str]:
    return {item.key for row in claims_snapshot(case=case).rows for item in row.items}


def test_withdrawal_needs_a_reason_and_the_current_version(case: Case) -> None:
    document = _untranslated(case)
    with pytest.raises(DomainError, match="Give the reason"):
        document_withdraw(actor="test", document=document, reason="  ", expected_version=document.version)
    with pytest.raises(StaleEdit):
        document_withdraw(actor="test", document=document, reason="copy", expected_version=document.version + 5)
    assert not Document.objects.get(pk=document.pk).withdrawn


def test_left_out_of_the_bundle_still_counts_in_the_checks(case: Case) -> None:
    document = _untranslated(case)
    excluded = document_bundle_exclude(actor="test", document=document, excluded=True,
                                       expected_version=document.version)
    assert excluded not in exhibit_order(case, profile_for(case.forum))
    assert "translation_missing" in _codes_about(case, document.key), "not withdrawn: still a gap"
    back = document_bundle_exclude(actor="test", document=excluded, excluded=False, expected_version=excluded.version)
    assert back in exhibit_order(case, profile_for(case.forum))
    assert AuditEntry.objects.filter(action="evidence.document.bundle_excluded", object_key=document.key).exists()


def test_withdraw_and_restore_from_the_document_page(case: Case, as_alice: Client) -> None:
    document = _untranslated(case)
    response = as_alice.post(_url("evidence_withdraw", document), {"reason": "not genuine",
                                                                   "version": document.version}, follow=True)
    assert b"The document is withdrawn" in response.content
    assert b"Restore this document" in response.content
    document.refresh_from_db()
    assert document.withdrawn and document.withdrawn_reason == "not genuine"
    evidence = as_alice.get(reverse("evidence", kwargs={"case_id": case.public_id}))
    assert b"withdrawn-mark" in evidence.content
    response = as_alice.post(_url("evidence_restore", document), {"version": document.version}, follow=True)
    assert b"The document is restored" in response.content
    assert not Document.objects.get(pk=document.pk).withdrawn


def test_a_refused_withdrawal_says_why_and_changes_nothing(case: Case, as_alice: Client) -> None:
    document = _untranslated(case)
    response = as_alice.post(_url("evidence_withdraw", document), {"reason": "", "version": document.version},
                             follow=True)
    assert b"Give the reason for withdrawing" in response.content
    assert not Document.objects.get(pk=document.pk).withdrawn


def test_a_viewer_cannot_withdraw_and_an_outsider_gets_404(case: Case, bob: User, charlie: User) -> None:
    document = _untranslated(case)
    data = {"reason": "x", "version": document.version}
    assert client_for(bob).post(_url("evidence_withdraw", document), data).status_code == 403
    assert client_for(charlie).post(_url("evidence_withdraw", document), data).status_code == 404
    assert not Document.objects.get(pk=document.pk).withdrawn


def test_the_bundles_page_lists_what_is_left_out(case: Case, as_alice: Client) -> None:
    kept = _untranslated(case)
    out = document_for(case, "d-letter", "other", title="Letter from the clinic", pages=("A letter.",))
    document_bundle_exclude(actor="test", document=out, excluded=True, expected_version=out.version)
    page = as_alice.get(reverse("bundles", kwargs={"case_id": case.public_id})).content.decode()
    left_out = page[page.index('id="left-out"'):]
    assert "Letter from the clinic" in left_out and "still counts in the checks" in left_out
    assert kept.label not in left_out


def test_a_package_keeps_withdrawal_exclusion_and_twin_files(case: Case, org_b: Any, tmp_path: Path) -> None:
    """Twins from before the duplicate check, and a withdrawn copy, arrive in the other case as they left."""
    from article3.interchange.exporter import case_export
    from article3.interchange.importer import case_import

    content = b"A statement by the applicant's sister.\n" * 5
    first, twin = (document_add(actor="test", case=case, stream=io.BytesIO(content), filename=f"{n}.txt",
                                kind="witness_statement", process=False, allow_duplicate=True) for n in ("a", "b"))
    document_withdraw(actor="test", document=twin, reason="second copy", expected_version=twin.version)
    document_bundle_exclude(actor="test", document=first, excluded=True, expected_version=first.version)
    case_export(actor="test", case=Case.objects.get(pk=case.pk), out=tmp_path / "case.zip")  # as stored
    copy = case_import(actor="test", organisation=org_b, path=tmp_path / "case.zip").case
    arrived = {d.key: d for d in copy.documents.all()}
    assert arrived[twin.key].withdrawn and arrived[twin.key].withdrawn_reason == "second copy"
    assert arrived[first.key].bundle_excluded and not arrived[first.key].withdrawn


def test_the_forms_do_not_offer_a_withdrawn_document_but_keep_an_existing_link(case: Case) -> None:
    """Picking a source for a new support or account never offers a withdrawn document; a support that
    already rests on it keeps it in its edit form (so saving the edit does not drop the link)."""
    from article3.chronology.forms import AccountForm
    from article3.claims.forms import SupportEditForm, SupportForm

    kept, withdrawn = _untranslated(case), document_for(case, "d-copy", "declaration", title="Copy of a letter")
    support = support_for(case, fact_for(case), kind="document", document=withdrawn)
    document_withdraw(actor="test", document=withdrawn, reason="client says it is a copy",
                      expected_version=withdrawn.version)
    for form in (SupportForm(case=case), AccountForm(case=case)):
        offered = set(form.fields["document"].queryset)  # type: ignore[attr-defined]
        assert kept in offered and withdrawn not in offered
    editing = SupportEditForm(case=case, instance=support)
    assert withdrawn in set(editing.fields["document"].queryset)  # type: ignore[attr-defined]
