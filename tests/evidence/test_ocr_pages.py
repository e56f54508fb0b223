"""OCR turns pages: scans made on their side or upside down are rotated before Tesseract reads them, and a page
where OCR finds no text is flagged on the document page and in the gap report. Real scans made here (Pillow,
img2pdf), read by the real OCRmyPDF and Tesseract."""

import datetime
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import img2pdf
import pikepdf
import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageDraw

from article3.cases.models import Case
from article3.claims.report import gap_report
from article3.evidence import services
from article3.evidence.ingest import ingest_file
from article3.evidence.models import Document
from article3.evidence.selectors import pages_without_text
from tests.evidence import fixtures_ingest as fx

STATEMENT = (
    "On 14 March 2019 gendarmes came to our house at night.",
    "They took me to the station in Bamenda and held me",
    "for five days. I was questioned every night and beaten",
    "with a cable on my back and legs. They said I was",
    "helping the separatists because my brother is a member",
    "of the party. On the fifth day my uncle paid money",
    "and I was released without any paper. I went to the",
    "hospital in Buea, where a doctor treated my wounds.",
    "In May the gendarmes came back and asked my mother",
    "where I was. I left the country in June 2019.",
)


def scanned_page(angle: int, lines: tuple[str, ...] = STATEMENT) -> bytes:
    """A 150 dpi A4 scan of a typed page, turned by `angle` degrees (as a page fed in sideways comes out)."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((100, 150 + row * 70), line, fill=0, font=fx._font(34))
    buffer = io.BytesIO()
    image.rotate(angle, expand=True).save(buffer, "PNG", dpi=(150, 150))
    return buffer.getvalue()


def scan_pdf(folder: Path, pages: list[bytes]) -> Path:
    path = folder / "scan.pdf"
    path.write_bytes(img2pdf.convert(pages))
    return path


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_a_turned_scan_is_rotated_before_ocr(tmp_path: Path, angle: int) -> None:
    _, derived = ingest_file(source=scan_pdf(tmp_path, [scanned_page(angle)]), workdir=tmp_path / "w",
                             language="en", max_bytes=10**7)
    assert derived.ocr_pages == [1]
    text = derived.page_texts[0]
    assert "gendarmes came to our house" in text and "hospital in Buea" in text
    with pikepdf.open(derived.path) as pdf:
        assert int(pdf.pages[0].obj.get("/Rotate", 0)) % 360 != 0, "the page is shown upright"


def test_an_upright_scan_is_left_as_it_is(tmp_path: Path) -> None:
    _, derived = ingest_file(source=scan_pdf(tmp_path, [scanned_page(0)]), workdir=tmp_path / "w",
                             language="en", max_bytes=10**7)
    assert "gendarmes came to our house" in derived.page_texts[0]
    with pikepdf.open(derived.path) as pdf:
        assert int(pdf.pages[0].obj.get("/Rotate", 0)) % 360 == 0


@pytest.fixture
def scan(case: Case, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]) -> Document:
    """A three-page scan: on its side, upside down, and a page with nothing on it."""
    blank = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(blank, "PNG", dpi=(150, 150))
    data = scan_pdf(tmp_path, [scanned_page(90), scanned_page(180), blank.getvalue()]).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_add(actor="test", case=case, stream=io.BytesIO(data), filename="statement.pdf",
                                         kind="declaration", language="en", key="d-scan", title="Statement scan")
    document.refresh_from_db()
    assert document.status == "ready", document.error_message
    return document


@pytest.mark.django_db
def test_a_page_without_text_is_flagged_on_the_document_and_in_the_gap_report(scan: Document, as_alice: Client,
                                                                             case: Case) -> None:
    texts = {page.number: page.text for page in scan.page_texts.all()}
    assert "gendarmes" in texts[1] and "gendarmes" in texts[2]
    assert pages_without_text(scan) == [3]
    page = as_alice.get(reverse("evidence_document", kwargs={"case_id": case.public_id, "key": "d-scan"}))
    html = page.content.decode()
    assert "Page 3 has no readable text: rescan or transcribe it." in html
    assert "Page 1 has no readable text" not in html and "Page 2 has no readable text" not in html
    (finding,) = [f for f in gap_report(case=case, today=datetime.date(2026, 12, 1)).findings
                  if f.code == "page_no_text"]
    assert finding.message == "Page 3 of Statement scan (d-scan) has no readable text: rescan or transcribe."
    assert finding.severity == "medium" and finding.refs == ("d-scan", "d-scan#page-3")
    gaps = as_alice.get(reverse("case_gaps", kwargs={"case_id": case.public_id})).content.decode()
    assert "Page 3 of Statement scan has no readable text: rescan or transcribe." in gaps
    assert "(d-scan)" not in gaps, "the page names the document, not its key"


@pytest.mark.django_db
def test_pages_with_text_or_never_ocrd_are_not_flagged(case: Case) -> None:
    from article3.evidence.models import DocumentPage
    from tests.chronology.factories import document_for

    document = document_for(case, "d-photos", "other", pages=("",))
    assert pages_without_text(document) == [], "a page OCR never ran on (OCR off or failed) says nothing"
    DocumentPage.objects.filter(document=document).update(ocr=True, text=" 3 ")
    assert pages_without_text(document) == [1], "a stray page number is not readable text"
    DocumentPage.objects.filter(document=document).update(text="Summons to appear at the gendarmerie.")
    assert pages_without_text(document) == []
