import pytest

from article3.cases.models import Case
from article3.docs.models import FOR_OTHER_PARTY
from article3.docs.redaction import MARK, redactor_for
from article3.docs.services import document_generate
from article3.evidence.models import Document
from tests.chronology.factories import document_for
from tests.docs.conftest import LEFTOVER, REDACTED_NAME, text_of

pytestmark = pytest.mark.django_db

OPTIONS = {
    "service_certificate": {"served_on": "Office of the Chief Counsel", "method": "hand delivery",
                            "date": "2026-11-20", "by_whom": "Ana Ruiz"},
    "translation_certificate": {"document": "d-letter-en"},
    "un_cat_communication": {"state_party": "CA"},
    "rule39_request": {"state_party": "GB"},
}


@pytest.fixture
def with_translation(story: Case) -> Case:
    original = document_for(story, key="d-letter", kind="threat", title=f"Letter about {REDACTED_NAME}",
                            language="fr")
    Document.objects.create(case=story, key="d-letter-en", kind="translation", title="Letter (translation)",
                            language="en", translates=original, translator="B. Nkemelu",
                            translator_competence="Sworn translator, French and English",
                            translator_address="12 Rue X, Yaoundé", translator_phone="+237 600 000 000",
                            certificate_date="2026-10-01", status="ready")
    return story


def test_the_redactor_keeps_the_applicants_own_surname(case: Case) -> None:
    from article3.cases import services as cases

    cases.person_add(actor="test", case=case, key="p-brother", role="family", name="Emmanuel Applicant",
                     relation="brother", redact=True)
    redactor = redactor_for(case)
    text = redactor.text("Emmanuel Applicant was beaten; EMMANUEL APPLICANT fled.")
    assert text == f"{MARK} was beaten; {MARK} fled."
    assert redactor.text("Emmanuel saw Test Applicant") == f"{MARK} saw Test Applicant"
    assert redactor.leaks("The brother, Emmanuel, said") == ["Emmanuel"]
    assert redactor.leaks("nothing to see") == []


@pytest.mark.parametrize("kind", sorted(FOR_OTHER_PARTY - {"exhibit_list"}))  # the exhibit list: see test_demo
def test_documents_for_the_other_party_never_name_a_redacted_person(with_translation: Case, kind: str) -> None:
    generated = document_generate(actor="test", case=with_translation, kind=kind, options=OPTIONS.get(kind))
    text = text_of(generated)
    for part in (REDACTED_NAME, *REDACTED_NAME.split()):
        assert part.casefold() not in text.casefold()
    assert not LEFTOVER.search(text)
    if kind in ("brief", "un_cat_communication", "rule39_request", "translation_certificate"):
        assert MARK in text  # the name was there (event title, quote, fact or document title) and was replaced
