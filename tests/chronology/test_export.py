"""The chronology as a PDF and a Word table, and their audited downloads."""

import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from docx import Document as read_docx
from pdfminer.high_level import extract_text

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.chronology.export import chronology_docx, chronology_pdf
from tests.conftest import client_for


def pdf_text(content: bytes) -> str:
    return " ".join(extract_text(io.BytesIO(content)).split())


@pytest.mark.django_db
def test_the_pdf_is_the_chronology_in_date_order_with_its_sources(demo_case: Case) -> None:
    content = chronology_pdf(demo_case)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Chronology" in text and "Case DEMO-2026-001" in text
    assert "Declaration ¶14: 14–19 March 2019, Bamenda, age 17" in text
    assert "Medical report p.1: April 2019" in text
    assert text.index("Warned by a local official") < text.index("Arrested at a checkpoint") \
        < text.index("Brother questioned")
    assert "gendarmes (official)" in text
    assert "date_conflict" not in text and "Dates disagree" not in text  # working notes are not filed


@pytest.mark.django_db
def test_the_pdf_is_the_same_for_the_same_chronology(demo_case: Case) -> None:
    assert chronology_pdf(demo_case) == chronology_pdf(demo_case)


@pytest.mark.django_db
def test_the_docx_is_a_table_with_a_row_per_event(demo_case: Case) -> None:
    document = read_docx(io.BytesIO(chronology_docx(demo_case)))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["No.", "Date", "Event", "Place", "Sources"]
    assert len(table.rows) == 1 + demo_case.events.count()
    arrest = next(r for r in table.rows if r.cells[2].text.startswith("Arrested at a checkpoint"))
    assert arrest.cells[1].text == "14–19 March 2019"
    assert "Medical report p.1: April 2019" in arrest.cells[4].text
    assert document.core_properties.author == ""


@pytest.mark.django_db
def test_an_empty_chronology_exports_a_note(case: Case) -> None:
    assert "No events have been recorded." in pdf_text(chronology_pdf(case))
    document = read_docx(io.BytesIO(chronology_docx(case)))
    assert not document.tables and any("No events" in p.text for p in document.paragraphs)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "fmt", "mimetype"), [
    ("case_chronology_pdf", "pdf", "application/pdf"),
    ("case_chronology_docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_downloads_are_attachments_and_audited(demo_case: Case, bob: User, name: str, fmt: str,
                                               mimetype: str) -> None:
    response = client_for(bob).get(reverse(name, kwargs={"case_id": demo_case.public_id}))
    assert response.status_code == 200 and response["Content-Type"] == mimetype
    assert response["Content-Disposition"].startswith('attachment; filename="chronology-DEMO-2026-001.')
    entry = AuditEntry.objects.get(action="chronology.export.downloaded", case_id=demo_case.pk)
    assert entry.actor == f"user:{bob.pk}" and entry.detail["format"] == fmt
    assert set(entry.detail) == {"format", "bytes"}  # no names or text in the record


@pytest.mark.django_db
def test_the_page_links_the_downloads(demo_case: Case, as_alice: Client) -> None:
    html = as_alice.get(reverse("case_chronology", kwargs={"case_id": demo_case.public_id})).content.decode()
    assert reverse("case_chronology_pdf", kwargs={"case_id": demo_case.public_id}) in html
