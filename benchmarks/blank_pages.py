"""Blank scanned pages: the ingest worker's time on them, against OCR reading them all.

Run: ``.venv/bin/python benchmarks/blank_pages.py [--pages 40]``

It makes a scanned PDF of blank pages (grey paper, a few specks, as a scanner gives them) and
runs it through the isolated ingest worker, which finds blank pages before OCR. Baseline from the
same run: one OCRmyPDF call on every page with the options ingest uses, which is what the worker
did before (3,000 such pages then took the whole 10-minute limit). Prints seconds per page and the
ratio. Not a test: numbers only.
"""

import argparse
import io
import logging
import random
import sys
import tempfile
import time
from pathlib import Path

import img2pdf
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from article3.evidence.ingest import IsolationStats, ingest_file_isolated


def _blank_page(seed: int) -> bytes:
    image = Image.new("L", (1240, 1754), 218)  # A4 at 150 dpi, grey scanner paper
    draw, rng = ImageDraw.Draw(image), random.Random(seed)
    for _ in range(30):
        draw.point((rng.randrange(1240), rng.randrange(1754)), fill=60)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(150, 150))
    return buffer.getvalue()


def make_blank_scan(path: Path, pages: int) -> Path:
    path.write_bytes(img2pdf.convert([_blank_page(n) for n in range(pages)]))
    return path


def ocr_everything(source: Path, dest: Path) -> float:
    import ocrmypdf

    logging.getLogger("ocrmypdf").setLevel(logging.CRITICAL)  # Tesseract complains about every empty page
    started = time.monotonic()
    ocrmypdf.ocr(source, dest, language=["eng"], skip_text=True, output_type="pdf", optimize=0, jobs=1,
                 progress_bar=False, rotate_pages=True, rotate_pages_threshold=6.0)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    pages = parser.parse_args().pages
    with tempfile.TemporaryDirectory(prefix="article3-bench-") as tmp:
        folder = Path(tmp)
        scan = make_blank_scan(folder / "blank.pdf", pages)
        stats = IsolationStats()
        _, derived = ingest_file_isolated(source=scan, workdir=folder / "work", language="en", stats=stats)
        assert derived.blank_pages == list(range(1, pages + 1)), "every page should be found blank"
        baseline = ocr_everything(scan, folder / "ocr.pdf")
    print(f"{pages} blank scanned pages")
    print(f"  ingest (blank check, no OCR): {stats.seconds:7.2f} s  {stats.seconds / pages * 1000:7.1f} ms/page  "
          f"peak {stats.peak_rss_bytes / 1_048_576:.0f} MB")
    print(f"  baseline (OCR of every page): {baseline:7.2f} s  {baseline / pages * 1000:7.1f} ms/page")
    print(f"  ingest takes {stats.seconds / baseline:.2f}x the baseline's time")


if __name__ == "__main__":
    main()
