"""Files a client brings, made in code: a phone photo, a scan without text, a Word file, a broken PDF."""

import io

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def text_image(lines: list[str], size: tuple[int, int] = (1700, 2200)) -> Image.Image:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((120, 150 + i * 90), line, fill="black", font=_font(54))
    return image


def phone_photo() -> bytes:
    """A JPEG as phones save it: landscape pixels with EXIF orientation 6 (turn 90° to view)."""
    image = text_image(["Summons to appear"], size=(1600, 1200))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def scanned_pdf(lines: list[str]) -> bytes:
    """A PDF whose only page is a picture of text: nothing to extract until OCR reads it."""
    out = io.BytesIO()
    text_image(lines).save(out, "PDF", resolution=200)
    return out.getvalue()


def text_pdf(pages: list[str]) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    for text in pages:
        pdf.drawString(72, 700, text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def word_document(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def broken_pdf() -> bytes:
    """Looks like a PDF, but the body is cut off mid-object and nothing can be rebuilt."""
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa"
