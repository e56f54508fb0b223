"""How many pages a file will give, before it is converted: to bound the OCR work one organisation queues."""

from pathlib import Path


def page_count(*, path: Path, kind: str) -> int:
    """Pages of a PDF, frames of a TIFF, else 1. Runs isolated (``run_isolated("page_count", ...)``):
    opening a hostile PDF is qpdf work. A file that cannot be counted counts as one page; the
    conversion that follows says what is wrong with it."""
    try:
        if kind == "pdf":
            import pikepdf

            with pikepdf.open(path) as pdf:
                return max(1, len(pdf.pages))
        if kind == "tiff":
            from PIL import Image

            with Image.open(path) as image:
                return max(1, int(getattr(image, "n_frames", 1)))
    except Exception:  # any parse failure is the converter's to report, in words
        return 1
    return 1
