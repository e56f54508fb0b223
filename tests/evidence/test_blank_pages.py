"""Blank scanned pages are found before OCR and skipped, so OCR's time goes to pages with something on them
(issue 17: 3,000 blank scans tied up a worker for its whole 10 minutes)."""

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw

from article3.evidence.ingest import ingest_file
from article3.evidence.ingest.blank import looks_blank, marked_pixels
from article3.evidence.services import empty_pages_warning, progress_words
from tests.evidence import samples


def _grey_scan_with_specks(size: tuple[int, int] = (1700, 2200)) -> Image.Image:
    """What a scanner gives for an empty sheet: grey paper and a few specks of dust."""
    image = Image.new("L", size, 215)
    draw, rng = ImageDraw.Draw(image), random.Random(7)
    for _ in range(40):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.point((x, y), fill=40)
    return image.convert("RGB")


def _signature_only(size: tuple[int, int] = (1700, 2200)) -> Image.Image:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).line([(900, 1900), (1400, 1850), (1500, 1950)], fill="black", width=6)
    return image


def _scan(pages: list[Image.Image], folder: Path) -> Path:
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    path = folder / "scan.pdf"
    path.write_bytes(out.getvalue())
    return path


def test_paper_is_told_from_marks() -> None:
    white = [0] * 255 + [120_000]
    assert looks_blank(white) and marked_pixels(white) == 0
    grey_paper_with_specks = [0] * 256
    grey_paper_with_specks[215], grey_paper_with_specks[40] = 119_995, 5
    assert looks_blank(grey_paper_with_specks), "a scanner's grey and a few specks are not writing"
    light_stroke = [0] * 256
    light_stroke[255], light_stroke[200] = 119_970, 30  # a short word, thinned to grey at 36 dpi
    assert not looks_blank(light_stroke)
    assert looks_blank([0] * 256), "nothing rendered: nothing to read"


def test_blank_scans_are_skipped_and_written_pages_are_read(tmp_path: Path) -> None:
    pages = [samples.text_image(["Medical certificate", "Linear scars on the back"]), Image.new("RGB", (1700, 2200),
             "white"), _grey_scan_with_specks(), _signature_only()]
    progress: list[tuple[int, int, str]] = []
    _, derived = ingest_file(source=_scan(pages, tmp_path), workdir=tmp_path / "w", language="en",
                             max_bytes=10**8, progress=lambda i, n, step: progress.append((i, n, step)))
    assert derived.blank_pages == [2, 3], "empty paper, even grey and specked, is blank; a signature is not"
    assert derived.ocr_pages == [1, 4]
    assert "scars" in derived.page_texts[0]
    assert any("2 of 4 pages look blank" in str(w) and "pages: 2, 3" in str(w) for w in derived.warnings)
    assert (2, 2, "ocr") in progress and any(step == "blank check" for _, _, step in progress)


def test_a_document_of_blank_pages_only_is_not_sent_to_ocr(tmp_path: Path) -> None:
    blank = [Image.new("RGB", (850, 1100), "white") for _ in range(30)]
    _, derived = ingest_file(source=_scan(blank, tmp_path), workdir=tmp_path / "w", language="en", max_bytes=10**8)
    assert derived.ocr_pages == [] and derived.blank_pages == list(range(1, 31))
    assert [step.tool for step in derived.steps] == ["pikepdf"], "OCR never ran"
    assert any(str(w).startswith("All pages look blank") for w in derived.warnings)
    assert empty_pages_warning(derived.page_texts, derived.blank_pages) == [], "not warned about twice"


def test_progress_reads_as_words() -> None:
    assert str(progress_words(50, 3000, "blank check")) == "looking for blank pages: 50 of 3000 scanned pages checked"
    assert str(progress_words(1, 1, "ocr")) == "reading scanned pages: 1 of 1 pages done"
    assert str(progress_words(1, 4, "cleaning")) == "cleaning the PDF (step 2 of 4)"
