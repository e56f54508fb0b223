"""Issue 14, "Drafts": who can be the respondent of a UN CAT communication or an ECtHR Rule 39 request.

Research notes, errata: "a communication can only be brought against a State that made the Article 22
declaration (the US has not); an ECtHR Rule 39 request only against an ECHR State." The choice of State
is explicit, and the list with its date lives in the pack.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.docs.forms import GenerateForm
from article3.docs.models import GeneratedDocument
from article3.docs.respondents import respondent_check, respondent_choices
from article3.docs.services import document_generate
from article3.errors import DomainError
from article3.rulepacks import load_pack
from tests.docs.conftest import text_of

pytestmark = pytest.mark.django_db


def test_the_lists_and_their_dates_are_in_the_packs() -> None:
    """UN CAT Art. 22(1): only a State that "declares ... that it recognizes the competence of the
    Committee"; ECHR: only a Contracting Party. Each list carries the date it was checked and its source."""
    cat = load_pack("un-cat").respondents
    echr = load_pack("echr").respondents
    assert cat is not None and echr is not None
    assert cat.as_of == echr.as_of == datetime.date(2026, 12, 5)
    assert "Art. 22" in cat.source.citation and "ETS No. 5" in echr.source.citation
    assert not cat.source.verified and not echr.source.verified  # written from memory, not read: say so
    assert len(echr.states) == 46 and "RU" not in echr.states  # Russia ceased to be a Party on 16 Sept 2022
    assert {"US", "GB"}.isdisjoint(cat.states) and {"CA", "CH", "SE", "AU"} <= set(cat.states)
    assert {"US", "CA"}.isdisjoint(echr.states) and {"GB", "FR", "TR"} <= set(echr.states)


def test_a_us_case_gets_neither_by_default(case: Case) -> None:
    """The United States has made no Article 22 declaration and is not an ECHR party (issue 14)."""
    assert case.forum == "us-eoir"
    for kind in ("un_cat_communication", "rule39_request"):
        with pytest.raises(DomainError, match="Choose the State"):
            document_generate(actor="test", case=case, kind=kind)
        with pytest.raises(DomainError, match="United States"):
            document_generate(actor="test", case=case, kind=kind, options={"state_party": "US"})
    assert not GeneratedDocument.objects.exists()


def test_a_uk_case_gets_no_un_cat_communication(org_a: Organisation, alice: User) -> None:
    """The United Kingdom has not made the Article 22 declaration (issue 14); it is an ECHR party."""
    uk = case_create(actor=alice, organisation=org_a, reference="UK-1", forum="uk-ftt", country_of_return="CM",
                     applicant_name="Test Applicant", owner_id=alice.pk)
    with pytest.raises(DomainError, match="has not declared under Article 22"):
        document_generate(actor="test", case=uk, kind="un_cat_communication", options={"state_party": "GB"})
    generated = document_generate(actor="test", case=uk, kind="rule39_request", options={"state_party": "gb"})
    assert generated.options["state_party"] == "GB"
    assert "Respondent State: United Kingdom" in text_of(generated)


def test_a_canadian_case_gets_no_rule39_request(org_a: Organisation, alice: User) -> None:
    """Canada made the Article 22 declaration but is not a Party to the European Convention (issue 14)."""
    canada = case_create(actor=alice, organisation=org_a, reference="CA-1", forum="ca-irb", country_of_return="CM",
                         applicant_name="Test Applicant", owner_id=alice.pk)
    with pytest.raises(DomainError, match="is not a Party to the European Convention"):
        document_generate(actor="test", case=canada, kind="rule39_request", options={"state_party": "CA"})
    generated = document_generate(actor="test", case=canada, kind="un_cat_communication",
                                  options={"state_party": "CA"})
    assert "Canada" in text_of(generated)


def test_the_refusal_names_the_list_and_its_date() -> None:
    with pytest.raises(DomainError) as refused:
        respondent_check(kind="un_cat_communication", state="US")
    message = str(refused.value)
    assert message.startswith("United States") and "list of 5 December 2026" in message
    assert respondent_check(kind="rule39_request", state="United Kingdom") == "GB"  # a name works as well as a code
    with pytest.raises(DomainError, match=r"^Narnia is not a Party"):
        respondent_check(kind="rule39_request", state="Narnia")
    assert "not yet confirmed" in message and "UN Treaty Collection" in message


def test_the_form_offers_each_kind_only_its_states_and_needs_an_explicit_choice(case: Case) -> None:
    form = GenerateForm(case=case)
    cat = dict(form.fields["cat_state"].choices)  # type: ignore[attr-defined]
    echr = dict(form.fields["echr_state"].choices)  # type: ignore[attr-defined]
    assert cat[""] == echr[""] == "— choose the State —"  # nothing is chosen for the user
    assert "US" not in cat and "GB" not in cat and cat["CA"] == "Canada"
    assert "US" not in echr and "CA" not in echr and echr["GB"] == "United Kingdom"
    assert "5 December 2026" in form.fields["cat_state"].help_text
    assert ("CA", "Canada") in respondent_choices("un_cat_communication")
    missing = GenerateForm({"kind": "un_cat_communication"}, case=case)
    assert not missing.is_valid() and "cat_state" in missing.errors
    wrong = GenerateForm({"kind": "rule39_request", "echr_state": "CA"}, case=case)
    assert not wrong.is_valid() and "echr_state" in wrong.errors
    chosen = GenerateForm({"kind": "rule39_request", "echr_state": "FR", "cat_state": "CA"}, case=case)
    assert chosen.is_valid() and chosen.options() == {"state_party": "FR"}


def test_generating_from_the_page_with_a_chosen_state(as_alice: Client, case: Case) -> None:
    generate = reverse("case_docs_generate", kwargs={"case_id": case.public_id})
    refused = as_alice.post(generate, {"kind": "un_cat_communication"})
    assert refused.status_code == 200 and "Choose the State the request is brought against." in refused.content.decode()
    assert not GeneratedDocument.objects.exists()
    response = as_alice.post(generate, {"kind": "un_cat_communication", "cat_state": "CH"})
    assert response.status_code == 302
    generated = GeneratedDocument.objects.get(case=case)
    assert generated.options == {"state_party": "CH"}
    assert AuditEntry.objects.filter(action="docs.document.requested", case_id=case.pk).exists()
