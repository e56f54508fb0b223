"""OCR of the pages that have no text layer, with OCRmyPDF and Tesseract.

Only the listed pages are OCR'd and pages that already carry text are left alone
(``skip_text``), so born-digital pages keep their exact text and look. Pages scanned on their
side or upside down are turned upright first (``rotate_pages``, from Tesseract's orientation
detection), or Tesseract reads nothing on them.
"""

import functools
import logging
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from article3.words import Words, gettext_noop

from . import _ocr_progress
from .errors import IngestError
from .limits import IngestLimits
from .tools import run_tool

# BCP 47 primary subtags to Tesseract's traineddata names. Unknown or uninstalled → English.
TESSERACT_CODES: dict[str, str] = {
    "en": "eng", "fr": "fra", "es": "spa", "ar": "ara", "fa": "fas", "prs": "fas",
    "ru": "rus", "tr": "tur", "pt": "por", "de": "deu", "it": "ita", "nl": "nld",
    "uk": "ukr", "ps": "pus", "ur": "urd", "ku": "kmr", "ckb": "ckb", "ti": "tir",
    "am": "amh", "so": "som", "zh": "chi_sim", "ta": "tam", "si": "sin", "bn": "ben",
    "hi": "hin", "sq": "sqi", "sr": "srp", "ka": "kat", "hy": "hye", "az": "aze",
    "uz": "uzb", "tg": "tgk", "ug": "uig", "bo": "bod", "my": "mya", "vi": "vie",
}
ROTATE_THRESHOLD = 6.0  # OCRmyPDF defaults to 14; a scanned page of ten lines scores about 14 to 15
_LOCK = threading.Lock()
_LOG = logging.getLogger("ocrmypdf")

Progress = Callable[[int, int, str], None]


@functools.cache
def installed_languages() -> frozenset[str]:
    if shutil.which("tesseract") is None:
        return frozenset()
    result = run_tool(["tesseract", "--list-langs"], timeout_s=30, what=gettext_noop("listing OCR languages"))
    lines = result.stdout.decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def tesseract_language(language: str | None) -> str:
    """The Tesseract language for a BCP 47 tag (or a Tesseract code); English as fallback."""
    if not language:
        return "eng"
    primary = language.replace("_", "-").split("-")[0].lower()
    code = TESSERACT_CODES.get(primary, primary)
    return code if code in installed_languages() else "eng"


def ocr_pages(*, source: Path, dest: Path, pages: list[int], language: str,
              limits: IngestLimits, progress: Progress | None = None) -> None:
    """OCR ``pages`` (1-based) of ``source`` into ``dest``; IngestError if OCRmyPDF fails."""
    import ocrmypdf

    if shutil.which("tesseract") is None:
        raise IngestError("conversion_failed", gettext_noop("OCR is not installed on the server."))
    _LOG.setLevel(logging.ERROR)
    with _LOCK:
        _ocr_progress.sink = _page_sink(progress, len(pages))
        try:
            code = ocrmypdf.ocr(
                source, dest, language=[language], pages=",".join(map(str, pages)),
                skip_text=True, output_type="pdf", optimize=0, jobs=1, progress_bar=False,
                # Turn pages scanned at 90, 180 or 270 degrees when the orientation guess is
                # confident enough (OCRmyPDF's threshold; a wrong turn would lose the page's text).
                rotate_pages=True, rotate_pages_threshold=ROTATE_THRESHOLD,
                tesseract_timeout=limits.ocr_page_timeout_s,
                invalidate_digital_signatures=True,
                max_image_mpixels=limits.max_image_pixels / 1_000_000,
                # A page whose raster would be larger is left without OCR rather than
                # rendered at 300 dpi into gigabytes (a 200-inch page is legal PDF).
                skip_big=limits.max_image_pixels / 1_000_000,
                # Tesseract's time grows with pixels; text on a 48 MP photo is large anyway.
                tesseract_downsample_large_images=True,
                tesseract_downsample_above=limits.ocr_downsample_above_px,
                plugins=["article3.evidence.ingest._ocr_progress"],
            )
        finally:
            _ocr_progress.sink = None
    if int(code) != 0:
        raise IngestError("conversion_failed", Words(gettext_noop("OCR stopped with code %(code)s."),
                                                     {"code": int(code)}))


def _page_sink(progress: Progress | None, pages: int) -> _ocr_progress.Sink | None:
    """OCRmyPDF reports over every page of the file; we report over the pages we OCR."""
    if progress is None:
        return None

    def report(done: float, total: float | None, desc: str) -> None:
        if desc == "OCR" and total:
            progress(min(pages, round(done / total * pages)), pages, "ocr")

    return report
