"""Ingest throughput and memory, against the bare tools doing the least possible work.

Run: ``.venv/bin/python benchmarks/ingest.py [--text-pages 200] [--scan-pages 10]``

It makes a born-digital PDF and a scanned PDF (image pages, no text), runs each through the
isolated ingest worker, and prints pages per second and the peak resident memory of the
worker and its tools. Baselines from the same run: for the text PDF, pikepdf open+save plus
``pdftotext`` (the least work that yields a clean file and its text); for the scan, one
OCRmyPDF call with the same options and no cleaning or checks. Not a test: numbers only.
"""

import argparse
import io
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from article3.evidence.ingest import IsolationStats, ingest_file_isolated

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINE = "The applicant was detained for three days and questioned about the meeting."


def make_text_pdf(path: Path, pages: int) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(pages):
        for row in range(40):
            pdf.drawString(60, 790 - row * 18, f"{number + 1}.{row + 1} {LINE}")
        pdf.showPage()
    pdf.save()
    return path


def _scan_page(number: int) -> bytes:
    image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 28) if FONT.is_file() else ImageFont.load_default()
    for row in range(30):
        draw.text((100, 120 + row * 50), f"{number}.{row} {LINE[:60]}", fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(150, 150))
    return buffer.getvalue()


def make_scanned_pdf(path: Path, pages: int) -> Path:
    path.write_bytes(img2pdf.convert([_scan_page(n + 1) for n in range(pages)]))
    return path


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def baseline_text(source: Path, work: Path) -> float:
    def run() -> None:
        with pikepdf.open(source) as pdf:
            pdf.save(work / "baseline.pdf")
        subprocess.run(["pdftotext", "-layout", str(work / "baseline.pdf"), "-"],
                       capture_output=True, check=True)
    return timed(run)


def baseline_ocr(source: Path, work: Path) -> float:
    import ocrmypdf

    return timed(lambda: ocrmypdf.ocr(source, work / "baseline-ocr.pdf", language=["eng"],
                                      skip_text=True, output_type="pdf", optimize=0, jobs=1,
                                      progress_bar=False))


def ours(source: Path, work: Path, *, ocr: bool) -> tuple[float, int, int]:
    stats = IsolationStats()
    _, derived = ingest_file_isolated(source=source, workdir=work, language="en", ocr=ocr,
                                      stats=stats, timeout_s=3600)
    return stats.seconds, stats.peak_rss_bytes, len(derived.ocr_pages)


def report(label: str, pages: int, mine: float, rss: int, base: float) -> None:
    print(f"{label:<12} {pages:>5} pages  {pages / mine:8.2f} pages/s  ({mine:6.2f} s)  "
          f"peak RSS {rss / 1_048_576:6.0f} MB  baseline {pages / base:8.2f} pages/s "
          f"({base:6.2f} s)  ratio {mine / base:5.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-pages", type=int, default=200)
    parser.add_argument("--scan-pages", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        work = Path(tmp)
        text = make_text_pdf(work / "text.pdf", args.text_pages)
        scan = make_scanned_pdf(work / "scan.pdf", args.scan_pages)
        ours(make_text_pdf(work / "warm.pdf", 1), work / "warm", ocr=False)  # start the worker pool
        seconds, rss, _ = ours(text, work / "text", ocr=True)
        report("text PDF", args.text_pages, seconds, rss, baseline_text(text, work))
        seconds, rss, ocr_pages = ours(scan, work / "scan", ocr=True)
        assert ocr_pages == args.scan_pages, "every scanned page should have been OCR'd"
        report("OCR (eng)", args.scan_pages, seconds, rss, baseline_ocr(scan, work))
        print("ratio = our time / baseline time (1.0 = no overhead). Baselines run in-process;"
              " ours includes the isolated worker, cleaning, text checks and qpdf --check.")


if __name__ == "__main__":
    main()
