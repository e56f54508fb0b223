"""The documents tab in French and Spanish; the documents it makes stay in the filing language."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from article3.accounts.models import Organisation, Role
from article3.cases.models import Case
from article3.cases.services import team_member_add
from article3.docs.services import document_generate
from tests.conftest import client_speaking, make_user
from tests.docs.conftest import text_of

pytestmark = pytest.mark.django_db

WORDS = {
    "fr": ("Générer", "Aucun document généré pour l’instant.", "Certificat de signification", "Autres exports",
           "Intégré"),
    "es": ("Generar", "Todavía no se ha generado ningún documento.", "Certificado de notificación",
           "Otras exportaciones", "Integrada"),
}
ENGLISH = [">Generate<", "No document generated yet.", "Certificate of service", "Other exports", "Built-in",
           "Template in use", "Use your own template"]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_documents_tab_speaks_the_members_language(org_a: Organisation, case: Case,
                                                       language: str) -> None:
    admin = make_user(org_a, "admin@example.org", Role.ADMIN)  # an admin also sees how to upload a template
    team_member_add(actor="test", case=case, user_id=admin.pk, role=Role.ATTORNEY)
    page = client_speaking(admin, language).get(
        reverse("case_docs", kwargs={"case_id": case.public_id})).content.decode()
    generate, empty, service, exports, built_in = WORDS[language]
    assert f">{generate}<" in page and empty in page and service in page and exports in page and built_in in page
    assert "{{ … }}" in page and "{% … %}" in page, "the template tags to keep, shown as they are"
    for english in ENGLISH:
        assert english not in page, english


def test_a_document_made_while_a_french_member_is_signed_in_stays_in_english(story: Case) -> None:
    """The filing language is English, even where the document is made within a French request."""
    with translation.override("fr"):
        text = text_of(document_generate(actor="test", case=story, kind="brief"))
    assert "Open gap (high)" in text and "(unverified)" in text
    assert "Aucun fait n’étaye" not in text and "non vérifié" not in text


@pytest.mark.parametrize(("language", "said"), [
    ("fr", "Aucun dossier de plaidoirie n’a encore été constitué"),
    ("es", "Aún no se ha generado el legajo de pruebas")])
def test_what_to_check_on_a_generated_document_is_in_the_members_language(story: Case, alice: User, language: str,
                                                                          said: str) -> None:
    generated = document_generate(actor="test", case=story, kind="brief")
    english = "No bundle has been built yet: citations give the documents' own pages"
    assert any(w.startswith(english) for w in generated.warnings), "the record keeps the English"
    page = client_speaking(alice, language).get(
        reverse("case_docs", kwargs={"case_id": story.public_id})).content.decode()
    assert said in page and english not in page
