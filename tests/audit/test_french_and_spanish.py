"""The audit log reads in the member's language; what is stored in it stays as it was recorded."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from tests.conftest import client_for, client_speaking

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "words", "english"), [
    ("fr", ["Journal d’audit de A-2026-001", "Le journal est intact", "Vérifié depuis la première entrée",
            "Télécharger en CSV", "A ouvert", "les personnes du dossier", "Quand (UTC)"],
     ["Audit log of A-2026-001", "The log is intact", "Download as CSV", ">Opened<", "the people of the case"]),
    ("es", ["Registro de auditoría de A-2026-001", "El registro está intacto", "Comprobado desde la primera entrada",
            "Descargar en CSV", "Abrió", "las personas del expediente", "Cuándo (UTC)"],
     ["Audit log of A-2026-001", "The log is intact", "Download as CSV", ">Opened<", "the people of the case"]),
])
def test_an_attorney_reads_the_log_in_their_language(case: Case, alice: User, bob: User,
                                                     language: str, words: list[str], english: list[str]) -> None:
    client_for(bob).get(reverse("case_people", kwargs={"case_id": case.public_id}))
    client = client_speaking(alice, language)
    page = client.get(reverse("case_audit", kwargs={"case_id": case.public_id})).content.decode()
    for word in words:
        assert word in page, word
    for word in english:
        assert word not in page, word
    assert AuditEntry.objects.filter(action="cases.page.viewed", object_key="people").exists(), "stored as codes"


def test_every_action_the_log_reads_out_is_translated() -> None:
    from article3.audit.selectors import action_words
    from article3.audit.words import ACTIONS

    for language in ("fr", "es"):
        with translation.override("en"):
            english = {code: action_words(code) for code in ACTIONS}
        with translation.override(language):
            same = [code for code in ACTIONS if action_words(code) == english[code]]
        assert same == [], language


@pytest.mark.parametrize(("actor", "english"), [
    ("self-help:7", "the applicant, in the self-help interview"), ("cli:maria", "command line (maria)"),
    ("system", "Article3 (automatic)"), ("anonymous", "someone not signed in"), ("user:999", "a removed account"),
])
def test_who_acted_is_said_in_words_in_every_language(actor: str, english: str) -> None:
    from article3.audit.selectors import actor_words

    assert actor_words(actor, {}) == english
    for language in ("fr", "es"):
        with translation.override(language):
            said = actor_words(actor, {})
        assert said != english and actor not in said, (language, said)
