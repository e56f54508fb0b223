"""From an accepted original to a clean, searchable working PDF, recording every step.

The chain is: convert to PDF (images, office files, text, e-mail) → rewrite with qpdf without
encryption or active content → read each page's text → OCR the pages without text → check
the result with ``qpdf --check``. Each step records tool, version and the SHA-256 of what
went in and came out, so the working copy can be traced to the untouched original.
"""

import contextlib
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from article3.words import Words, gettext_noop

from .blank import blank_pages
from .errors import IngestError, conversion_failed
from .images import image_to_pdf
from .limits import DEFAULT_LIMITS, IngestLimits
from .ocr import ocr_pages, tesseract_language
from .office import macros_present, office_to_pdf
from .render import email_lines, lines_to_pdf, text_lines
from .sanitize import clean_pdf
from .sniff import Sniffed
from .text import needs_ocr, page_texts
from .tools import run_tool, sha256_file, tool_version

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DerivationStep:
    """One transformation from one file to the next."""

    tool: str
    tool_version: str
    action: str
    input_sha256: str
    output_sha256: str


@dataclass
class DerivedPdf:
    """The working copy and what we learnt making it.

    ``ocr_pages`` are 1-based page numbers; ``page_texts[i]`` is the text of page i + 1.
    ``warnings`` are short notes for the lawyer (never file contents), e.g. OCR was skipped.
    """

    path: Path
    pages: int
    page_texts: list[str]
    ocr_pages: list[int]
    repaired: bool
    active_content: list[str]
    steps: list[DerivationStep]
    warnings: list[Words] = field(default_factory=list)
    blank_pages: list[int] = field(default_factory=list)  # scanned pages with nothing on them (not OCR'd)


@contextlib.contextmanager
def stage(step: str) -> Iterator[None]:
    """Let IngestError through; turn anything else into one that names ``step`` (a phrase marked for
    the catalogues)."""
    try:
        yield
    except IngestError:
        raise
    except MemoryError:
        raise IngestError("too_much_memory", Words(gettext_noop(
            "The file needed more memory than allowed while %(step)s. It may be built to exhaust memory; if "
            "it is genuine, print it to a smaller PDF and upload that."), {"step": Words(step)})) from None
    except Exception:
        raise conversion_failed(step) from None


class _Record:
    """Steps and warnings gathered along the way."""

    def __init__(self, progress: Progress | None) -> None:
        self.steps: list[DerivationStep] = []
        self.warnings: list[Words] = []
        self.active: set[str] = set()
        self.blank: list[int] = []
        self._progress = progress

    def step(self, tool: str, version: str, action: str, before: Path, after: Path) -> None:
        self.steps.append(DerivationStep(
            tool=tool, tool_version=version, action=action,
            input_sha256=sha256_file(before), output_sha256=sha256_file(after),
        ))

    def progress(self, done: int, total: int, name: str) -> None:
        if self._progress is not None:
            self._progress(done, total, name)


def _versions(*names: str) -> str:
    import img2pdf
    import ocrmypdf
    import pikepdf
    import PIL
    import reportlab

    known = {
        "pikepdf": f"pikepdf {pikepdf.__version__}, qpdf {pikepdf.__libqpdf_version__}",
        "img2pdf": f"img2pdf {img2pdf.__version__}, Pillow {PIL.__version__}",
        "reportlab": f"reportlab {reportlab.Version}",
        "ocrmypdf": f"ocrmypdf {ocrmypdf.__version__}, {tool_version('tesseract')}",
    }
    return "; ".join(known.get(name) or tool_version(name) for name in names)


def _to_pdf(source: Path, sniffed: Sniffed, workdir: Path, language: str | None,
            limits: IngestLimits, record: _Record) -> Path:
    """Any accepted kind to a first PDF (a PDF source is used as it is)."""
    kind = sniffed.kind
    if kind == "pdf":
        return source
    out = workdir / "stage-1-converted.pdf"
    if kind in ("jpeg", "png", "tiff", "heic"):
        made = image_to_pdf(source=source, kind=kind, dest=out, workdir=workdir / "frames",
                            limits=limits)
        record.step("img2pdf", _versions("img2pdf"), made.how, source, out)
    elif kind in ("docx", "odt", "doc"):
        if macros_present(source=source, kind=kind, limits=limits):
            record.active.add("macros")
        office_to_pdf(source=source, kind=kind, dest=out, workdir=workdir / "office",
                      limits=limits)
        record.step("libreoffice", _versions("soffice"), "converted to PDF", source, out)
    else:
        lines = (email_lines if kind == "eml" else text_lines)(source=source, limits=limits)
        tool = lines_to_pdf(lines=lines, dest=out, workdir=workdir / "office",
                            language=language, limits=limits)
        version = _versions("reportlab" if tool == "reportlab" else "soffice")
        record.step(tool, version, f"laid out the {kind.upper()} as PDF", source, out)
    return out


def _clean(first: Path, workdir: Path, limits: IngestLimits,
           record: _Record) -> tuple[Path, int, bool]:
    out = workdir / "stage-2-clean.pdf"
    cleaned = clean_pdf(source=first, dest=out, limits=limits)
    record.active.update(cleaned.active_content)
    removed = [kind for kind in cleaned.active_content if kind != "encryption"]
    action = "rewrote the PDF with qpdf"
    if cleaned.repaired:
        action += "; repaired damaged structure"
    if removed:
        action += "; removed active content: " + ", ".join(removed)
    if cleaned.decrypted:
        action += "; removed owner-password encryption"
    record.step("pikepdf", _versions("pikepdf"), action, first, out)
    return out, cleaned.pages, cleaned.repaired


def _texts(pdf: Path, pages: int, limits: IngestLimits, record: _Record) -> list[str]:
    try:
        return page_texts(pdf=pdf, pages=pages, limits=limits)
    except IngestError:
        record.warnings.append(Words(gettext_noop("The text of this document could not be read for search.")))
        return [""] * pages


def _ocr(pdf: Path, texts: list[str], workdir: Path, language: str | None,
         limits: IngestLimits, record: _Record) -> tuple[Path, list[str], list[int]]:
    targets = [number for number, text in enumerate(texts, 1) if needs_ocr(text, limits)]
    if not targets:
        return pdf, texts, []
    with stage(gettext_noop("checking for blank pages")):
        blank = blank_pages(pdf=pdf, pages=targets, workdir=workdir, limits=limits, progress=record.progress)
    if blank:  # nothing to read there: OCR's time goes to the pages that have something
        record.blank = sorted(blank)
        record.warnings.append(_blank_warning(sorted(blank), len(texts)))
        targets = [number for number in targets if number not in blank]
        if not targets:
            return pdf, texts, []
    out = workdir / "stage-3-ocr.pdf"
    lang = tesseract_language(language)
    record.progress(0, len(targets), "ocr")
    try:
        with stage(gettext_noop("recognising text (OCR)")):
            ocr_pages(source=pdf, dest=out, pages=targets, language=lang, limits=limits,
                      progress=record.progress)
    except IngestError as error:
        if error.code == "timeout":
            raise
        record.warnings.append(Words(gettext_noop("Text recognition (OCR) failed; scanned pages are not searchable.")))
        return pdf, texts, []
    action = f"recognised text (OCR, {lang}) on {len(targets)} page(s) without text"
    record.step("ocrmypdf", _versions("ocrmypdf"), action, pdf, out)
    return out, _texts(out, len(texts), limits, record), targets


def _blank_warning(blank: list[int], pages: int) -> Words:
    shown = ", ".join(map(str, blank[:20])) + (", ..." if len(blank) > 20 else "")
    if len(blank) == pages:
        return Words(gettext_noop("All pages look blank, so OCR did not read them (pages: %(pages)s). If something "
                                  "is written there, rescan them darker and replace the original."), {"pages": shown})
    return Words(gettext_noop("%(count)s of %(total)s pages look blank, so OCR did not read them (pages: %(pages)s). "
                              "If something is written there, rescan them darker and replace the original."),
                 {"count": len(blank), "total": pages, "pages": shown})


def _check(pdf: Path, limits: IngestLimits) -> None:
    """``qpdf --check``: exit 2 means errors (3 is warnings only, which viewers tolerate)."""
    if shutil.which("qpdf") is None:
        return
    result = run_tool(["qpdf", "--check", str(pdf)], timeout_s=limits.tool_timeout_s,
                      what=gettext_noop("checking the finished PDF"))
    if result.returncode == 2:
        raise IngestError("broken_pdf", gettext_noop(
            "The working copy of this file failed its final check, so it was not kept. "
            "Print the original to a new PDF and upload that."))


def derive_pdf(*, source: Path, sniffed: Sniffed, workdir: Path, language: str | None,
               ocr: bool = True, progress: Progress | None = None,
               limits: IngestLimits = DEFAULT_LIMITS) -> DerivedPdf:
    """Make ``workdir/derived.pdf`` from ``source`` (never modified); IngestError on failure."""
    workdir.mkdir(parents=True, exist_ok=True)
    record = _Record(progress)
    record.progress(0, 4, "converting")
    with stage(gettext_noop("converting the file to PDF")):
        first = _to_pdf(source, sniffed, workdir, language, limits, record)
    record.progress(1, 4, "cleaning")
    with stage(gettext_noop("cleaning the PDF")):
        clean, pages, repaired = _clean(first, workdir, limits, record)
    record.progress(2, 4, "reading text")
    with stage(gettext_noop("reading the text")):
        texts = _texts(clean, pages, limits, record)
    current, ocr_done = clean, list[int]()
    if ocr:
        current, texts, ocr_done = _ocr(clean, texts, workdir, language, limits, record)
    elif any(needs_ocr(text, limits) for text in texts):
        record.warnings.append(Words(gettext_noop("Some pages have no text and OCR was not run on them.")))
    record.progress(3, 4, "checking")
    final = workdir / "derived.pdf"
    with stage(gettext_noop("checking the finished PDF")):
        shutil.copyfile(current, final)
        _check(final, limits)
    record.progress(4, 4, "done")
    return DerivedPdf(
        path=final, pages=pages, page_texts=texts, ocr_pages=ocr_done, repaired=repaired,
        active_content=sorted(record.active), steps=record.steps, warnings=record.warnings,
        blank_pages=record.blank,
    )
