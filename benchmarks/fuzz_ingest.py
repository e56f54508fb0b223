"""F1 fuzzing: mutated bytes through the in-process parts of ingest, guided by coverage.

Run: .venv/bin/python benchmarks/fuzz_ingest.py [--seconds 600] [--corpus DIR] [--timeout 10]
                                                 [--rss-mb 2048]

Each input goes through what ingest does without external programs: the sniffer, then for a
PDF the pikepdf cleaning, for an image Pillow/img2pdf (then the cleaning), for TXT/EML the
ReportLab layout (then the cleaning), for DOCX/ODT/DOC the archive and macro checks.
LibreOffice, pdftotext, OCR and ``qpdf --check`` are left out: too slow to fuzz.

The property: an input is accepted or refused with an ``IngestError`` whose code is
enumerated. Anything else is a crash: another exception (recorded here and fuzzing goes on),
a hang past ``--timeout`` seconds, resident memory past ``--rss-mb``, or a native crash
(those three end the libFuzzer process, which this script restarts for the time left). Each
distinct crash is saved to tests/evidence/fuzz_regressions/, which
tests/evidence/test_fuzz_regressions.py replays. The seeds are the shared corpora, found at
../shared/corpora from the repository root unless --corpus says otherwise.

Production wraps each step in ``stage()``, which turns any stray exception into a generic
``conversion_failed``; this harness calls the steps directly so such escapes are seen.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REGRESSIONS = ROOT / "tests" / "evidence" / "fuzz_regressions"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora"
MAX_LEN = 1024 * 1024
_STATS_EVERY_S = 1.0


class UnexpectedFailure(Exception):
    """Ingest let something other than an enumerated IngestError escape."""

    def __init__(self, signature: str, detail: str) -> None:
        super().__init__(f"{signature}\n{detail}")
        self.signature = signature
        self.detail = detail


# --- The property, importable without atheris -------------------------------------------------

def check_bytes(data: bytes, workdir: Path) -> str:
    """``accepted:<kind>`` or ``refused:<code>`` for one input; UnexpectedFailure otherwise."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    source = workdir / "upload"
    source.write_bytes(data)
    return check_file(source, workdir)


def check_file(source: Path, workdir: Path) -> str:
    """The property for a file already on disk; ``workdir`` must exist and may be filled."""
    from article3.evidence.ingest import ERROR_CODES, IngestError

    try:
        # Ingest runs with Python's default filters, where a library's warning never raises;
        # pytest turns warnings into errors, so set them here to judge ingest as it runs.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kind = _pipeline(source, workdir)
    except IngestError as error:
        if error.code not in ERROR_CODES or not error.message:
            raise UnexpectedFailure(f"IngestError code {error.code!r}", repr(error)) from None
        return f"refused:{error.code}"
    except Exception as error:
        raise UnexpectedFailure(_signature(error), _trace(error)) from None
    return f"accepted:{kind}"


def _pipeline(source: Path, workdir: Path) -> str:
    from article3.evidence.ingest import DEFAULT_LIMITS as limits
    from article3.evidence.ingest import sniff
    from article3.evidence.ingest.archive import check_zip, verify_inflation
    from article3.evidence.ingest.images import image_to_pdf
    from article3.evidence.ingest.office import macros_present
    from article3.evidence.ingest.render import (
        _needs_libreoffice,
        _reportlab_pdf,
        email_lines,
        text_lines,
    )
    from article3.evidence.ingest.sanitize import clean_pdf

    kind = sniff(path=source, limits=limits).kind
    first = workdir / "first.pdf"
    if kind == "pdf":
        first = source
    elif kind in ("jpeg", "png", "tiff", "heic"):
        image_to_pdf(source=source, kind=kind, dest=first, workdir=workdir / "frames",
                     limits=limits)
    elif kind in ("txt", "eml"):
        lines = (email_lines if kind == "eml" else text_lines)(source=source, limits=limits)
        if _needs_libreoffice(lines):
            return kind
        _reportlab_pdf(lines, first)
    else:
        macros_present(source=source, kind=kind, limits=limits)
        if kind in ("docx", "odt"):
            with check_zip(source, limits) as archive:
                verify_inflation(archive, limits)
        return kind
    clean_pdf(source=first, dest=workdir / "clean.pdf", limits=limits)
    return kind


def _signature(error: BaseException) -> str:
    """Exception type and the innermost article3 frame: one per distinct bug, not per input."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/article3/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(error).__name__} at {where}"


def _trace(error: BaseException) -> str:
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


# --- The fuzzing child (libFuzzer through atheris) -------------------------------------------

@dataclass
class _ChildState:
    workdir: Path
    stats_file: Path
    crashes_log: Path
    executions: int = 0
    last_flush: float = 0.0


_STATE: _ChildState | None = None


def one_input(data: bytes) -> None:
    """libFuzzer's entry point: unexpected exceptions are recorded, never re-raised."""
    state = _STATE
    assert state is not None
    state.executions += 1
    try:
        check_bytes(data, state.workdir)
    except UnexpectedFailure as failure:
        _record(state, failure, data)
    now = time.monotonic()
    if now - state.last_flush > _STATS_EVERY_S:
        _flush(state)
        state.last_flush = now


def _record(state: _ChildState, failure: UnexpectedFailure, data: bytes) -> None:
    key = hashlib.sha256(failure.signature.encode()).hexdigest()[:12]
    with state.crashes_log.open("a", encoding="utf-8") as log:
        log.write(json.dumps({"key": key, "signature": failure.signature}) + "\n")
    if not any(REGRESSIONS.glob(f"exception-{key}-*")):
        digest = hashlib.sha256(data).hexdigest()[:12]
        (REGRESSIONS / f"exception-{key}-{digest}.bin").write_bytes(data)
        print(f"\nNEW CRASH {failure.signature}\n{failure.detail}", file=sys.stderr, flush=True)


def _flush(state: _ChildState) -> None:
    state.stats_file.write_text(str(state.executions), encoding="utf-8")


def _child_main(args: argparse.Namespace, libfuzzer_args: list[str]) -> None:
    import atheris

    global _STATE
    with atheris.instrument_imports(include=["article3"]):
        import article3.evidence.ingest
        import article3.evidence.ingest.archive
        import article3.evidence.ingest.images
        import article3.evidence.ingest.office
        import article3.evidence.ingest.render
        import article3.evidence.ingest.sanitize  # noqa: F401
    state = _ChildState(workdir=Path(args.workdir), stats_file=Path(args.stats_file),
                        crashes_log=Path(args.crashes_log))
    _STATE = state
    import atexit

    atexit.register(_flush, state)
    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input)
    atheris.Fuzz()


# --- The supervising parent ------------------------------------------------------------------

@dataclass
class _Run:
    executions: int = 0
    restarts: int = 0
    fatal: list[str] | None = None


def _seed(corpus: Path, into: Path) -> int:
    """Copy the seeds (files up to MAX_LEN) into the corpus libFuzzer grows."""
    count = 0
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.stat().st_size <= MAX_LEN:
            # libFuzzer names inputs by SHA-1 too, so a seed that hangs can be dropped.
            digest = hashlib.sha1(path.read_bytes(), usedforsecurity=False).hexdigest()
            shutil.copyfile(path, into / digest)
            count += 1
    return count


def _fatal_artifacts(scratch: Path) -> list[str]:
    """Hangs, memory blow-ups and native crashes libFuzzer wrote, moved to the regressions.

    The input is also dropped from the corpus, or the restarted child would meet it again.
    """
    kept = []
    for path in sorted((scratch / "artifacts").iterdir()):
        kind, _, sha1 = path.name.partition("-")
        if kind not in ("timeout", "oom", "crash"):
            continue
        (scratch / "corpus" / sha1).unlink(missing_ok=True)
        target = REGRESSIONS / f"{kind}-{sha1[:12]}.bin"
        shutil.move(path, target)
        kept.append(target.name)
    return kept


def _child_command(args: argparse.Namespace, scratch: Path, seconds: int) -> list[str]:
    return [
        sys.executable, str(Path(__file__).resolve()), "--child",
        "--workdir", str(scratch / "work"), "--stats-file", str(scratch / "stats"),
        "--crashes-log", str(scratch / "crashes.jsonl"),
        "--",
        str(scratch / "corpus"),
        f"-max_total_time={seconds}", f"-timeout={args.timeout}",
        f"-rss_limit_mb={args.rss_mb}", f"-max_len={MAX_LEN}",
        f"-artifact_prefix={scratch / 'artifacts'}/", "-print_final_stats=1",
    ]


def _supervise(args: argparse.Namespace, scratch: Path) -> _Run:
    run = _Run(fatal=[])
    deadline = time.monotonic() + args.seconds
    log_path = scratch / "libfuzzer.log"
    log = log_path.open("ab")
    while (left := int(deadline - time.monotonic())) > 5:
        (scratch / "stats").write_text("0", encoding="utf-8")
        start = log.tell()
        subprocess.run(_child_command(args, scratch, left), stdout=log, stderr=log,
                       check=False, env={**os.environ, "PYTHONHASHSEED": "0"})
        log.flush()
        run.executions += _executions(log_path, start, scratch / "stats")
        found = _fatal_artifacts(scratch)
        assert run.fatal is not None
        run.fatal += found
        if found:
            run.restarts += 1
        elif time.monotonic() < deadline - 5:
            print(f"libFuzzer stopped early; see {scratch / 'libfuzzer.log'}", file=sys.stderr)
            break
    log.close()
    return run


def _executions(log_path: Path, start: int, stats_file: Path) -> int:
    """libFuzzer's own count when it printed one; else the child's last flushed count."""
    with log_path.open("rb") as log:
        log.seek(start)
        tail = log.read().decode("utf-8", "replace")
    match = re.search(r"stat::number_of_executed_units:\s*(\d+)", tail)
    if match:
        return int(match.group(1))
    return int(stats_file.read_text(encoding="utf-8") or 0)


def _distinct_exceptions(crashes_log: Path) -> dict[str, int]:
    seen: dict[str, int] = {}
    if crashes_log.exists():
        for line in crashes_log.read_text(encoding="utf-8").splitlines():
            signature = json.loads(line)["signature"]
            seen[signature] = seen.get(signature, 0) + 1
    return seen


def _report(run: _Run, seconds: float, seeds: int, exceptions: dict[str, int]) -> None:
    fatal = run.fatal or []
    print(f"seeds: {seeds} files; wall time {seconds:.0f} s on one core")
    print(f"executions: {run.executions}; {run.executions / max(seconds, 1):.1f} exec/s")
    print(f"distinct crashes: {len(exceptions) + len(fatal)} "
          f"({len(exceptions)} exception signatures, {len(fatal)} hang/oom/native)")
    for signature, hits in sorted(exceptions.items()):
        print(f"  exception x{hits}: {signature}")
    for name in fatal:
        print(f"  {name}")
    print(f"crashers are kept in {REGRESSIONS.relative_to(ROOT)}/")


def _parent_main(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"No seed corpus at {corpus}; pass --corpus DIR.", file=sys.stderr)
        return 2
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fuzz-ingest-",
                                     dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as tmp:
        scratch = Path(tmp)
        for name in ("corpus", "artifacts"):
            (scratch / name).mkdir()
        seeds = _seed(corpus, scratch / "corpus")
        started = time.monotonic()
        run = _supervise(args, scratch)
        elapsed = time.monotonic() - started
        exceptions = _distinct_exceptions(scratch / "crashes.jsonl")
        _report(run, elapsed, seeds, exceptions)
        if args.keep_log:
            shutil.copyfile(scratch / "libfuzzer.log", args.keep_log)
    return 1 if exceptions or run.fatal else 0


def _arguments(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    split = argv.index("--") if "--" in argv else len(argv)
    own, rest = argv[:split], argv[split + 1:]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--timeout", type=int, default=10, help="per-input limit, seconds")
    parser.add_argument("--rss-mb", type=int, default=2048, help="memory limit, MB")
    parser.add_argument("--keep-log", help="copy libFuzzer's output to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--stats-file", help=argparse.SUPPRESS)
    parser.add_argument("--crashes-log", help=argparse.SUPPRESS)
    return parser.parse_args(own), rest


def main(argv: list[str] | None = None) -> int:
    args, libfuzzer_args = _arguments(sys.argv[1:] if argv is None else argv)
    if args.child:
        _child_main(args, libfuzzer_args)
        return 0
    return _parent_main(args)


if __name__ == "__main__":
    sys.exit(main())
