"""Battery C1: every malformed and odd file in the shared corpora, through the isolated worker.

Each file must be accepted (with a derived PDF that ``qpdf --check`` accepts) or refused with
an enumerated code and a message; nothing else may escape, and nothing may run past the time
limit. OCR is off for this run: with OCR the ~800 files take ~18 minutes on two cores (many
qpdf test files are drawings without text), against ~2 minutes without. OCR has its own tests.

The corpora are not copied into the project: they are found at ``../shared/corpora`` from the
repository root, or wherever ``ARTICLE3_CORPORA`` points. A missing corpus skips the battery with
its reason, unless ``ARTICLE3_REQUIRE_CORPORA=1`` (as in CI), which makes it fail.
"""

import os
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from article3.evidence.ingest import (
    ERROR_CODES,
    IngestError,
    IsolationStats,
    ingest_file_isolated,
)

TIMEOUT_S = 60.0
GRACE_S = 15.0
MAX_RSS = 1024 * 1024 * 1024
WORKERS = 2  # each worker thread drives one isolated child process
EXPECTED_AT_LEAST = 800  # 625 qpdf tests + 78 qpdf fuzz + 65 bad and 40 good Pillow images
NOT_SAMPLES = {"README.md", "LICENSE", "LICENSE.txt"}


def corpora_root() -> Path:
    """Where the corpora are: ``$ARTICLE3_CORPORA`` if set, else ``../shared/corpora``.

    Absent corpora skip the battery with the reason shown, so that a fresh clone passes ``make test``;
    CI sets ``ARTICLE3_REQUIRE_CORPORA=1``, which turns the skip into a failure. A path given in
    ``ARTICLE3_CORPORA`` that does not exist is always a failure: someone meant to run the battery.
    """
    repo = Path(__file__).resolve().parents[2]
    beside = repo.parent / "shared" / "corpora"
    configured = os.environ.get("ARTICLE3_CORPORA", "").strip()
    if configured:
        if Path(configured).is_dir():
            return Path(configured)
        pytest.fail(f"ARTICLE3_CORPORA points to {configured}, which is not a folder.")
    if beside.is_dir():
        return beside
    missing = (f"The test corpora are missing: looked for {beside}, and ARTICLE3_CORPORA is not set. "
               "Put the shared corpora (pdf-qpdf, images-pillow) there to run battery C1.")
    if os.environ.get("ARTICLE3_REQUIRE_CORPORA", "") == "1":
        pytest.fail(f"{missing} ARTICLE3_REQUIRE_CORPORA=1 requires them.")
    pytest.skip(missing)


@dataclass(frozen=True)
class Outcome:
    path: Path
    seconds: float
    peak_rss: int
    kind: str | None = None
    derived: Path | None = None
    pages: int = 0
    qpdf_check: int | None = None
    code: str | None = None
    message: str = ""
    unexpected: str | None = None


def _ingest(path: Path, workroot: Path) -> Outcome:
    stats = IsolationStats()
    workdir = workroot / path.parent.name / path.name
    try:
        sniffed, derived = ingest_file_isolated(
            source=path, workdir=workdir, language="en", ocr=False,
            timeout_s=TIMEOUT_S, max_rss_bytes=MAX_RSS, stats=stats,
        )
    except IngestError as error:
        return Outcome(path, stats.seconds, stats.peak_rss_bytes, code=error.code,
                       message=error.message)
    except BaseException as error:  # the point of the test: this must never happen
        return Outcome(path, stats.seconds, stats.peak_rss_bytes, unexpected=repr(error))
    check = subprocess.run(["qpdf", "--check", str(derived.path)], capture_output=True,
                           timeout=120, check=False)
    return Outcome(path, stats.seconds, stats.peak_rss_bytes, kind=sniffed.kind,
                   derived=derived.path, pages=derived.pages, qpdf_check=check.returncode)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    root = corpora_root()
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name not in NOT_SAMPLES)
    workroot = tmp_path_factory.mktemp("corpus")
    started = time.monotonic()
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda path: _ingest(path, workroot), files))
    _report(results, time.monotonic() - started)
    return results


def _report(results: list[Outcome], seconds: float) -> None:
    times = sorted(outcome.seconds for outcome in results)
    codes = Counter(outcome.code or "accepted" for outcome in results)
    peak = max(outcome.peak_rss for outcome in results) // (1024 * 1024)
    print(f"\ncorpus: {len(results)} files in {seconds:.0f} s; {dict(codes)}; "
          f"p50 {times[len(times) // 2]:.2f} s, p99 {times[int(len(times) * 0.99)]:.2f} s, "
          f"max {times[-1]:.1f} s; peak RSS {peak} MB")


def _names(outcomes: list[Outcome]) -> list[str]:
    return [f"{o.path.parent.name}/{o.path.name}" for o in outcomes]


def test_corpus_is_complete(outcomes: list[Outcome]) -> None:
    assert len(outcomes) >= EXPECTED_AT_LEAST


def test_nothing_but_ingest_errors_escape(outcomes: list[Outcome]) -> None:
    escaped = [(o.path.name, o.unexpected) for o in outcomes if o.unexpected]
    assert escaped == []


def test_every_refusal_has_an_enumerated_code_and_a_clean_message(outcomes: list[Outcome]) -> None:
    refused = [o for o in outcomes if o.code is not None]
    assert refused, "the corpus is meant to contain files that must be refused"
    bad = [o for o in refused
           if o.code not in ERROR_CODES or len(o.message) < 40 or "Traceback" in o.message
           or o.path.name in o.message]
    assert _names(bad) == []


def test_nothing_runs_past_the_time_limit(outcomes: list[Outcome]) -> None:
    slow = [o for o in outcomes if o.seconds > TIMEOUT_S + GRACE_S]
    assert _names(slow) == []


def test_every_accepted_file_has_a_derived_pdf_qpdf_accepts(outcomes: list[Outcome]) -> None:
    accepted = [o for o in outcomes if o.derived is not None]
    assert len(accepted) > len(outcomes) // 2
    # qpdf --check exits 0 when clean and 3 for warnings only; 2 means errors.
    failing = [o for o in accepted if o.pages < 1 or o.qpdf_check not in (0, 3)]
    assert _names(failing) == []


def test_good_images_of_accepted_kinds_are_never_refused(outcomes: list[Outcome]) -> None:
    good = [o for o in outcomes if o.path.parent.name == "good"]
    assert len(good) >= 40
    wrongly_refused = [o for o in good if o.code not in (None, "unsupported_type")]
    assert _names(wrongly_refused) == []
    accepted_suffixes = {o.path.suffix for o in good if o.code is None}
    assert {".jpg", ".png", ".tif", ".heif"} <= accepted_suffixes


def _picture(pdf: Path, out: Path) -> Image.Image:
    """The image area of page 1 at 30 dpi, scaled to 64 x 64 for comparison."""
    subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(pdf), str(out)], check=True, timeout=60)
    page = Image.open(out.with_suffix(".png")).convert("RGB")
    box = ImageChops.difference(page, Image.new("RGB", page.size, "white")).getbbox()
    assert box is not None
    return page.crop(box).resize((64, 64))


@pytest.mark.parametrize("orientation", range(2, 9))
def test_exif_orientations_come_out_upright(outcomes: list[Outcome], orientation: int,
                                            tmp_path: Path) -> None:
    derived = {o.path.name: o.derived for o in outcomes if o.derived is not None}
    reference = derived["hopper.jpg"]
    turned = derived[f"hopper_orientation_{orientation}.jpg"]
    assert reference is not None and turned is not None
    difference = ImageChops.difference(_picture(reference, tmp_path / "ref"),
                                       _picture(turned, tmp_path / "turned"))
    # Upright copies differ by JPEG noise (~5 of 255); a wrong turn or flip differs by ~60+.
    assert sum(ImageStat.Stat(difference).mean) / 3 < 20
