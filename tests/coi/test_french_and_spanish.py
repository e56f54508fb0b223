"""The country information library, its search and a case's tab in French and Spanish; report titles,
publishers and quoted passages stay as written."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.cases.models import Case
from article3.coi.models import Report
from tests.conftest import client_speaking

pytestmark = pytest.mark.django_db

WORDS = {
    "fr": ("Informations sur le pays d’origine", "Rechercher", "Publié depuis", "Rapports de la bibliothèque",
           "Passages cités", "Rechercher dans la bibliothèque", "Citer ce passage"),
    "es": ("Información sobre el país de origen", "Buscar", "Publicado desde", "Informes de la biblioteca",
           "Pasajes citados", "Buscar en la biblioteca", "Citar este pasaje"),
}
ENGLISH = ["Country information</h1>", ">Search<", "Published since", "Reports in the library", "Cited passages",
           "Search the library", "Cite this passage", "Import a report"]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_library_search_and_case_tab_speak_the_members_language(alice: User, case: Case, report_2024: Report,
                                                                    language: str) -> None:
    client = client_speaking(alice, language)
    heading, search, since, reports, cited, search_library, cite = WORDS[language]
    library = client.get(reverse("coi_library")).content.decode()
    results = client.get(reverse("coi_library"), {"q": "journalists"}).content.decode()
    tab = client.get(reverse("case_coi", kwargs={"case_id": case.public_id}), {"q": "journalists"}).content.decode()
    assert heading in library and f">{search}<" in library and since in library and reports in library
    assert report_2024.title in library
    assert "<mark>Journalists</mark> who reported on the separatist conflict" in results, "the passage as written"
    assert cited in tab and search_library in tab and cite in tab
    for page in (library, results, tab):
        assert f'<html lang="{language}"' in page
        for english in ENGLISH:
            assert english not in page, english


@pytest.mark.parametrize(("language", "day", "month"), [("fr", "20 mars 2024", "mars 2024"),
                                                          ("es", "20 de marzo de 2024", "marzo de 2024")])
def test_a_reports_date_is_written_in_the_members_language(alice: User, report_2024: Report, language: str,
                                                           day: str, month: str) -> None:
    client = client_speaking(alice, language)
    results = client.get(reverse("coi_library"), {"q": "journalists"}).content.decode()
    assert day in results and "20 March 2024" not in results
    Report.objects.filter(pk=report_2024.pk).update(date_precision="month")
    results = client.get(reverse("coi_library"), {"q": "journalists"}).content.decode()
    assert month in results and "March 2024" not in results
    report_2024.refresh_from_db()
    assert report_2024.date_label == "March 2024", "what is filed keeps English"
