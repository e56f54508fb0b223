"""Synthetic source PDFs for tests, benchmarks and demos: text pages and image-only scans."""

from __future__ import annotations

import io
from pathlib import Path

import img2pdf
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

SIZES = {"letter": LETTER, "a4": A4}


def text_pdf(path: Path, *, pages: int, marker: str, size: str = "letter") -> Path:
    """A PDF whose page i carries the words "<marker> page <i>" and a paragraph of filler."""
    canvas = Canvas(str(path), pagesize=SIZES[size], invariant=1, pageCompression=1)
    height = SIZES[size][1]
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 12)
        canvas.drawString(72, height - 72, f"{marker} page {number}")
        canvas.setFont("Helvetica", 10)
        for line in range(30):
            canvas.drawString(72, height - 110 - 14 * line, _filler(number, line))
        canvas.showPage()
    canvas.save()
    return path


def _filler(page: int, line: int) -> str:
    words = ("the", "applicant", "was", "held", "for", "five", "days", "at", "a", "station")
    return " ".join(words[(page + line + i) % len(words)] for i in range(14))


def scan_image(*, seed: int, dpi: int = 150, quality: int = 45) -> bytes:
    """A grey, noisy page image like a phone scan, as JPEG bytes (about 60-120 KB)."""
    width, height = int(8.5 * dpi), int(11 * dpi)
    noise = Image.effect_noise((width // 4, height // 4), 18 + seed % 7).resize((width, height))
    page = Image.eval(noise, lambda v: 150 + v // 3)
    draw = ImageDraw.Draw(page)
    unit = dpi / 150  # the "text lines" keep their place on the page at any resolution
    for row in range(12 + seed % 5):
        y = int((120 + row * 95) * unit)
        right = width - int((110 + (row * 37 + seed * 11) % 300) * unit)
        draw.rectangle((int(110 * unit), y, right, y + int(22 * unit)), fill=60)
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return buffer.getvalue()


def scan_pdf(path: Path, *, images: list[bytes]) -> Path:
    """An image-only PDF (no text layer), one JPEG per page, embedded without re-encoding."""
    path.write_bytes(img2pdf.convert(images))
    return path
