"""Passages out of real files: anchors (page, paragraph, heading path) and the exact text kept."""

import pytest

from article3.coi.extract import extract, passages, sniff
from article3.errors import DomainError
from tests.coi import fixtures


def test_it_reads_a_pdf_into_anchored_passages() -> None:
    extracted = extract(fixtures.report_pdf())
    drafts = passages(extracted.blocks)
    assert extracted.file_type == "pdf" and extracted.pages == 3
    assert extracted.title == "Cameroon: Country Report 2024"
    body = [text for level, text in fixtures.REPORT_2024 if level == 0]
    assert [d.text for d in drafts] == body, "every paragraph, in order, word for word"
    assert [d.paragraph for d in drafts] == list(range(1, len(body) + 1))
    arrests = drafts[1]
    assert arrests.page == 1
    assert arrests.heading == "1. Political situation > 1.1 Arrests of opposition supporters"
    impunity = next(d for d in drafts if d.text.startswith("Investigations into allegations"))
    assert impunity.page == 2 and impunity.heading == "2. Treatment in detention > 2.2 Impunity"
    relocation = drafts[-1]
    assert relocation.page == 3 and relocation.heading == "3. Anglophone regions"


def test_running_headers_and_page_numbers_are_not_passages() -> None:
    texts = " ".join(d.text for d in passages(extract(fixtures.report_pdf()).blocks))
    assert "Country Report 2024" not in texts
    assert not any(d.text.isdigit() for d in passages(extract(fixtures.report_pdf()).blocks))


def test_html_boilerplate_is_stripped() -> None:
    extracted = extract(fixtures.HTML_PAGE.encode())
    drafts = passages(extracted.blocks)
    text = " ".join(d.text for d in drafts)
    for boilerplate in ("cookies", "Donate", "Home", "Share on social media", "Related stories",
                        "All rights reserved", "trackVisitor", "Elections postponed"):
        assert boilerplate not in text
    assert drafts[0].text.startswith("Deported asylum seekers were arrested on arrival at Douala airport")
    assert drafts[0].page is None
    assert drafts[1].heading == "Cameroon: crackdown on returnees > Interrogation at the airport"
    assert extracted.date is not None and extracted.date.isoformat() == "2025-05-02"
    assert extracted.language == "en"
    assert extracted.title == "Cameroon: crackdown on returnees | Rights Monitor"


def test_inline_markup_keeps_its_spacing() -> None:
    page = b"<html><body><div>Held <b>without</b> charge, <i>then</i> released.</div></body></html>"
    drafts = passages(extract(page).blocks)
    assert [d.text for d in drafts] == ["Held without charge, then released."]


def test_docx_headings_paragraphs_and_tables() -> None:
    extracted = extract(fixtures.report_docx())
    drafts = passages(extracted.blocks)
    assert extracted.file_type == "docx" and extracted.title == "Cameroon report 2023"
    assert drafts[0].heading == "1. Political situation"
    assert drafts[1].heading == "2. Treatment in detention"
    assert drafts[1].text.startswith("Reports of ill-treatment in police custody")
    assert [d.text for d in drafts[2:]] == ["Year | Arrests recorded", "2023 | 412"]


def test_plain_text_with_markdown_headings() -> None:
    extracted = extract(fixtures.TEXT_REPORT.encode())
    drafts = passages(extracted.blocks)
    assert extracted.title == "Nigeria: security situation"
    assert drafts[0].text == ("Police arrested protesters in Lagos and Abuja and held them without charge "
                              "for several weeks.")
    assert drafts[0].heading == "Nigeria: security situation > Arrests during protests"
    assert drafts[1].heading == "Nigeria: security situation > Detention conditions"


def test_plain_text_heading_shapes() -> None:
    text = "COUNTRY SITUATION\n\n1.2 Arrests\n\nPeople were arrested.\n\nSummary\n=======\n\nAll good."
    drafts = passages(extract(text.encode()).blocks)
    assert drafts[0].heading == "COUNTRY SITUATION > 1.2 Arrests"
    assert drafts[1].heading == "Summary"


def test_the_type_is_judged_from_the_bytes() -> None:
    assert sniff(fixtures.report_pdf()) == "pdf"
    assert sniff(fixtures.report_docx()) == "docx"
    assert sniff(fixtures.HTML_PAGE.encode()) == "html"
    assert sniff(b"Just words.") == "txt"


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n this is not really a pdf",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"PK\x03\x04 broken zip",
    b"<html><body><nav>Only navigation</nav></body></html>",
])
def test_unreadable_files_get_a_clear_message(data: bytes) -> None:
    with pytest.raises(DomainError):
        extract(data)
