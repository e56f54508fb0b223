"""Cheap detection of blank scanned pages, so OCR does not spend its budget on them.

Tesseract takes seconds per page even when there is nothing on it; rendering a page at a
few dots per inch and counting dark pixels takes milliseconds. A page is blank when almost
nothing on it is clearly darker than its paper: a scanner's grey background and a few specks
do not count, a line of text or a signature does.
"""

import contextlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from article3.words import gettext_noop

from .errors import IngestError
from .limits import IngestLimits
from .tools import run_tool

DPI = 36  # a letter page is about 306 x 396 pixels: enough to see a word, cheap to render
# How much darker than the paper a pixel must be to count as a mark (0-255). At this resolution a
# thin pen stroke is averaged into a light grey, so the bar is low; scanner noise stays under it.
INK_CONTRAST = 40
# A page with at most this many marked pixels per million is blank (a short word has hundreds).
BLANK_PER_MILLION = 60
BATCH = 100  # pages rendered at a time, so a long scan never fills the disk with images
_NUMBERED = re.compile(r"-(\d+)\.pgm$")

Progress = Callable[[int, int, str], None]


def marked_pixels(histogram: list[int]) -> int:
    """Pixels clearly darker than the paper, from a greyscale histogram (256 levels)."""
    total = sum(histogram)
    # The paper is the lightest level that a large share of the page has (the scanner's white or grey).
    paper = max((level for level, count in enumerate(histogram) if count >= total * 0.2), default=255)
    return sum(histogram[: max(0, paper - INK_CONTRAST)])


def looks_blank(histogram: list[int]) -> bool:
    return marked_pixels(histogram) * 1_000_000 <= BLANK_PER_MILLION * sum(histogram)


def blank_pages(*, pdf: Path, pages: list[int], workdir: Path, limits: IngestLimits,
                progress: Progress | None = None) -> set[int]:
    """Which of ``pages`` (1-based) have nothing on them. A batch that cannot be rendered counts
    as not blank (OCR then reads it, as before); a batch that takes too long is skipped the same way."""
    if not pages or shutil.which("pdftoppm") is None:
        return set()
    out = workdir / "blank-check"
    out.mkdir(parents=True, exist_ok=True)
    wanted, blank = sorted(set(pages)), set[int]()
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start:start + BATCH]
        with contextlib.suppress(IngestError):
            blank |= _blank_in(pdf, batch, out, limits)
        if progress is not None:
            progress(min(start + BATCH, len(wanted)), len(wanted), "blank check")
    return blank


def _blank_in(pdf: Path, batch: list[int], out: Path, limits: IngestLimits) -> set[int]:
    """Render the pages from the first to the last of ``batch`` and keep those of it that are blank."""
    from PIL import Image

    first, last = batch[0], batch[-1]
    result = run_tool(
        ["pdftoppm", "-r", str(DPI), "-gray", "-f", str(first), "-l", str(last), str(pdf), str(out / "p")],
        timeout_s=min(limits.tool_timeout_s, 10 + 0.1 * (last - first + 1)),
        what=gettext_noop("checking for blank pages"))
    wanted, blank = set(batch), set[int]()
    for image_path in sorted(out.glob("p-*.pgm")):
        match = _NUMBERED.search(image_path.name)
        number = int(match.group(1)) if match else 0
        if result.returncode == 0 and number in wanted:
            with Image.open(image_path) as image:
                if looks_blank(image.convert("L").histogram()):
                    blank.add(number)
        image_path.unlink()
    return blank
