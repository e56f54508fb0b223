"""PDFs: text read without OCR, scans OCR'd, passwords, repairs and active content removed."""

import hashlib
import itertools
from pathlib import Path

import pikepdf
import pytest

from article3.evidence.ingest import IngestError, ingest_file
from article3.evidence.ingest.ocr import tesseract_language
from article3.evidence.ingest.sanitize import find_active_content
from article3.evidence.ingest.text import pdfminer_texts
from tests.evidence import fixtures_ingest as fx


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_text_pdf_is_read_without_ocr(tmp_path: Path) -> None:
    sniffed, derived = ingest_file(source=fx.make_text_pdf(tmp_path, pages=3),
                                   workdir=tmp_path / "w", language="en", max_bytes=10**7)
    assert sniffed.kind == "pdf"
    assert derived.pages == 3
    assert derived.ocr_pages == []
    assert "page 2" in derived.page_texts[1]
    assert "three days" in derived.page_texts[2]
    assert [step.tool for step in derived.steps] == ["pikepdf"]
    assert derived.warnings == []


def test_scanned_pdf_is_ocrd_and_the_words_are_found(tmp_path: Path) -> None:
    progress: list[tuple[int, int, str]] = []
    _, derived = ingest_file(source=fx.make_scanned_pdf(tmp_path), workdir=tmp_path / "w",
                             language="en-GB", max_bytes=10**7,
                             progress=lambda i, n, step: progress.append((i, n, step)))
    assert derived.ocr_pages == [1]
    for word in fx.SCAN_WORDS:
        assert word in derived.page_texts[0]
    assert [step.tool for step in derived.steps] == ["pikepdf", "ocrmypdf"]
    assert "eng" in derived.steps[-1].action
    assert (1, 1, "ocr") in progress
    assert progress[-1] == (4, 4, "done")


def test_scanned_pdf_without_ocr_says_so(tmp_path: Path) -> None:
    _, derived = ingest_file(source=fx.make_scanned_pdf(tmp_path), workdir=tmp_path / "w",
                             language=None, max_bytes=10**7, ocr=False)
    assert derived.ocr_pages == []
    assert derived.page_texts == [""]
    assert any("OCR was not run" in str(warning) for warning in derived.warnings)


def test_steps_chain_from_the_original_to_the_working_copy(tmp_path: Path) -> None:
    source = fx.make_scanned_pdf(tmp_path)
    _, derived = ingest_file(source=source, workdir=tmp_path / "w", language="en",
                             max_bytes=10**7)
    hashes = [(step.input_sha256, step.output_sha256) for step in derived.steps]
    assert hashes[0][0] == _sha(source)
    assert all(before[1] == after[0] for before, after in itertools.pairwise(hashes))
    assert hashes[-1][1] == _sha(derived.path)
    assert all(step.tool_version and step.tool_version != "unknown" for step in derived.steps)


def test_owner_password_pdf_opens_and_is_saved_unencrypted(tmp_path: Path) -> None:
    _, derived = ingest_file(source=fx.make_owner_password_pdf(tmp_path),
                             workdir=tmp_path / "w", language="en", max_bytes=10**7)
    assert "encryption" in derived.active_content
    with pikepdf.open(derived.path) as pdf:
        assert not pdf.is_encrypted
    assert "removed owner-password encryption" in derived.steps[0].action
    assert "Statement of the applicant" in derived.page_texts[0]


def test_user_password_pdf_is_refused_with_advice(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_file(source=fx.make_user_password_pdf(tmp_path), workdir=tmp_path / "w",
                    language="en", max_bytes=10**7)
    assert caught.value.code == "encrypted_pdf"
    assert "unprotected copy" in caught.value.message


def test_active_content_is_flagged_removed_and_the_original_untouched(tmp_path: Path) -> None:
    source = fx.make_active_pdf(tmp_path)
    before = _sha(source)
    _, derived = ingest_file(source=source, workdir=tmp_path / "w", language="en",
                             max_bytes=10**7)
    assert _sha(source) == before
    assert {"javascript", "launch", "embedded_file", "open_action", "xfa",
            "additional_actions"} <= set(derived.active_content)
    with pikepdf.open(derived.path) as pdf:
        assert find_active_content(pdf) == []
        assert "/OpenAction" not in pdf.Root
        assert len(pdf.attachments) == 0
        assert "/XFA" not in pdf.Root.AcroForm
        page = pdf.pages[0].obj
        assert "/AA" not in page
        assert all("/A" not in annot for annot in page.Annots)
    with pikepdf.open(source) as original:
        assert find_active_content(original) != []


def test_damaged_cross_reference_is_repaired_and_recorded(tmp_path: Path) -> None:
    good = fx.make_text_pdf(tmp_path).read_bytes()
    broken = tmp_path / "broken-xref.pdf"
    at = good.rindex(b"startxref")
    broken.write_bytes(good[:at] + b"startxref\n999999\n%%EOF\n")
    _, derived = ingest_file(source=broken, workdir=tmp_path / "w", language="en",
                             max_bytes=10**7)
    assert derived.repaired
    assert "repaired" in derived.steps[0].action
    assert derived.pages == 2


def test_pdf_that_is_only_a_header_is_refused_as_broken(tmp_path: Path) -> None:
    path = tmp_path / "stub.pdf"
    path.write_bytes(b"%PDF-1.7\n%garbage only\n")
    with pytest.raises(IngestError) as caught:
        ingest_file(source=path, workdir=tmp_path / "w", language="en", max_bytes=10**7)
    assert caught.value.code == "broken_pdf"


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_file(source=fx.make_text_pdf(tmp_path), workdir=tmp_path / "w",
                    language="en", max_bytes=100)
    assert caught.value.code == "too_large"
    assert "limit" in caught.value.message
    assert not (tmp_path / "w").exists()


def test_missing_source_becomes_an_ingest_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_file(source=tmp_path / "gone.pdf", workdir=tmp_path / "w", language="en",
                    max_bytes=10**7)
    assert caught.value.code == "conversion_failed"
    assert "checking the file" in caught.value.message


def test_language_tags_map_to_installed_tesseract_languages() -> None:
    assert tesseract_language("fr-CA") == "fra"
    assert tesseract_language("fa") == "fas"
    assert tesseract_language("pt_BR") == "por"
    assert tesseract_language("ar") == "ara"
    assert tesseract_language("tlh") == "eng"  # unknown: English
    assert tesseract_language(None) == "eng"


def test_pdfminer_fallback_reads_each_page(tmp_path: Path) -> None:
    texts = pdfminer_texts(pdf=fx.make_text_pdf(tmp_path, pages=2), pages=2)
    assert "page 1" in texts[0]
    assert "page 2" in texts[1]


def test_media_annotations_are_flagged_and_emptied_even_when_shared(tmp_path: Path) -> None:
    source = tmp_path / "media.pdf"
    with pikepdf.open(fx.make_text_pdf(tmp_path)) as pdf:
        media = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.RichMedia, Rect=[0, 0, 10, 10],
            RichMediaContent=pikepdf.Dictionary(Assets=pikepdf.Dictionary())))
        pdf.pages[0].obj.Annots = pikepdf.Array([media])
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([media]))  # still reachable
        pdf.save(source)
    _, derived = ingest_file(source=source, workdir=tmp_path / "w", language="en",
                             max_bytes=10**7)
    assert derived.active_content == ["rich_media"]
    with pikepdf.open(derived.path) as pdf:
        assert find_active_content(pdf) == []
        assert "/Annots" not in pdf.pages[0].obj or len(pdf.pages[0].obj.Annots) == 0
