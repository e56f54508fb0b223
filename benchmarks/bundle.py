"""Bundle engine benchmark: build time against raw qpdf concatenation, and peak memory.

Run: .venv/bin/python benchmarks/bundle.py [--quick] [--rebuild]

Generates two synthetic cases in a temporary directory (a fifth of the documents are
image-only scans), then for each case measures, in the same run:
  - the build time of `build_bundle` inside a child process (interpreter start-up and
    imports excluded: the child times the call itself, wall and CPU), and its peak RSS;
  - `qpdf --empty --pages <inputs> -- out.pdf` on the same inputs (whole process);
  - the peak RSS of a child that only imports the engine (the interpreter's floor).
Each build runs as the app runs it: with an empty cache of stamped pages (sealed under a key,
like the app's), given the documents' SHA-256s (the app has them from the vault).
With --rebuild, also, for each case: one document is changed (same page count), then the
build is timed with the cache the earlier builds filled (only that document is stamped
again) against a full build of the same inputs with an empty cache, and one without a
cache at all, interleaved.
Targets: build/qpdf ≤ 2 at 1,000 pages; peak RSS ≤ 1.5x input size at 10,000 pages; time
roughly linear in pages. The script prints whether each was met; it does not fail.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from article3.bundles.engine import BundleInput, ExhibitInput, Layout, build_bundle  # noqa: E402
from article3.bundles.engine.samples import scan_image, scan_pdf, text_pdf  # noqa: E402
from article3.bundles.engine.text import load_fonts  # noqa: E402
from article3.evidence.vault.cache import SealedCache  # noqa: E402

MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str
    pages: int
    documents: int
    repeats: int


def split_pages(total: int, documents: int) -> list[int]:
    """Uneven but deterministic document lengths (1 to ~3x the mean) summing to `total`."""
    weights = [1 + (i * 7) % 5 for i in range(documents)]
    sizes = [max(1, total * w // sum(weights)) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def generate(case: Case, folder: Path) -> list[Path]:
    images = [scan_image(seed=seed) for seed in range(12)]
    paths: list[Path] = []
    for number, pages in enumerate(split_pages(case.pages, case.documents)):
        path = folder / f"doc{number:04d}.pdf"
        if number % 5 == 4:  # a fifth of the documents are scans: image-only pages
            scan_pdf(path, images=[images[(number + p) % len(images)] for p in range(pages)])
        else:
            text_pdf(path, pages=pages, marker=f"Document {number}")
        paths.append(path)
    return paths


def changed_document(paths: list[Path], round_: int) -> Path:
    """Rewrite the middle text document with other words and the same number of pages."""
    number = len(paths) // 2 // 5 * 5  # never a scan (number % 5 == 4)
    path = paths[number]
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    return text_pdf(path, pages=pages, marker=f"Document {number}, corrected {round_}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def spec_for(paths: list[Path], shas: list[str] | None = None) -> BundleInput:
    exhibits = tuple(
        ExhibitInput(
            key=f"d-{i:04d}", title=f"Document number {i}", date="2024-01-01", kind="other",
            pdf=path, section="Country conditions" if i % 3 == 0 else "Applicant's evidence",
            sha256=shas[i] if shas else None,
        )
        for i, path in enumerate(paths)
    )
    return BundleInput(
        title="Benchmark bundle", case_reference="BENCH-1", forum_label="Benchmark forum",
        prepared_by=None, date=datetime.date(2025, 1, 1), exhibits=exhibits,
    )


def peak_rss_mb() -> float:
    """Peak RSS of this process since it started executing its own program, in MB.

    /proc/self/status VmHWM belongs to the current address space. getrusage's ru_maxrss (in
    the child or the parent's RUSAGE_CHILDREN) would also count the parent's memory, which
    the child briefly shares between fork and exec, and so overstate small children.
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child_build(manifest: Path) -> None:
    """Runs in the child process: one build, timed around the call only."""
    data = json.loads(manifest.read_text())
    paths = [Path(p) for p in data["inputs"]]
    spec = spec_for(paths, [sha256(p) for p in paths])  # the app has them from the vault
    layout = Layout(page_size="letter", separators=data["separators"])
    cache = None
    if data["cache"] is not None:
        folder = Path(data["cache"])
        if data["empty_cache"]:
            shutil.rmtree(folder, ignore_errors=True)
        cache = SealedCache(root=folder, key=bytes.fromhex(data["key"]), max_bytes=1 << 40)
    # Registering the TrueType font (about 0.3 s of parsing) happens once per process, like
    # the imports: a worker pays it at its first bundle, not at every bundle.
    load_fonts()
    wall, cpu = time.perf_counter(), time.process_time()
    result = build_bundle(spec=spec, layout=layout, out=Path(data["out"]), cache=cache)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({
        "wall": wall, "cpu": cpu, "pages": result.pages, "rss": peak_rss_mb(),
        "stamped": result.stamped, "reused": result.reused,
    }))


def child_idle() -> None:
    print(json.dumps({"rss": peak_rss_mb()}))


@dataclass(frozen=True)
class Run:
    stdout: str
    wall: float
    cpu: float  # user + system time of the child


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(args: list[str]) -> Run:
    cpu, started = _children_cpu(), time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate()
    wall, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if process.returncode != 0:
        raise SystemExit(f"child failed: {' '.join(args[:3])}...\n{err.decode()[-2000:]}")
    return Run(out.decode(), wall, cpu)


def run_qpdf(paths: list[Path], out: Path) -> Run:
    return run_child(["qpdf", "--empty", "--pages", *map(str, paths), "--", str(out)])


def run_build(manifest: Path, *, cache: Path | None, empty_cache: bool = True) -> dict[str, float]:
    data = json.loads(manifest.read_text())
    folder = str(cache) if cache is not None else None
    manifest.write_text(json.dumps({**data, "cache": folder, "empty_cache": empty_cache}))
    result: dict[str, float] = json.loads(
        run_child([sys.executable, __file__, "--child", str(manifest)]).stdout
    )
    return result


def write_manifest(folder: Path, paths: list[Path]) -> Path:
    manifest = folder / "manifest.json"
    data = {"inputs": [str(p) for p in paths], "out": str(folder / "bundle.pdf"),
            "separators": False, "key": os.urandom(32).hex()}
    manifest.write_text(json.dumps(data))
    return manifest


def measure(case: Case, folder: Path, paths: list[Path]) -> dict[str, float]:
    input_bytes = sum(p.stat().st_size for p in paths)
    manifest = write_manifest(folder, paths)
    out = folder / "bundle.pdf"
    builds, qpdfs = [], []
    for _ in range(case.repeats):  # interleaved, so that load from elsewhere hits both alike
        builds.append(run_build(manifest, cache=folder / "cache"))
        qpdfs.append(run_qpdf(paths, folder / "qpdf.pdf"))
    floor = json.loads(run_child([sys.executable, __file__, "--idle"]).stdout)["rss"]
    build_wall = statistics.median(b["wall"] for b in builds)
    build_cpu = statistics.median(b["cpu"] for b in builds)
    qpdf_wall = statistics.median(q.wall for q in qpdfs)
    qpdf_cpu = statistics.median(q.cpu for q in qpdfs)
    rss = max(b["rss"] for b in builds)
    return {
        "pages": case.pages, "documents": case.documents, "input_mb": input_bytes / MB,
        "output_mb": out.stat().st_size / MB, "build_wall": build_wall, "build_cpu": build_cpu,
        "qpdf_wall": qpdf_wall, "qpdf_cpu": qpdf_cpu, "ratio_wall": build_wall / qpdf_wall,
        "ratio_cpu": build_cpu / qpdf_cpu, "rss_mb": rss, "rss_ratio": rss * MB / input_bytes,
        "floor_mb": floor, "cpu_ms_per_page": 1000 * build_cpu / case.pages,
    }


COLUMNS = (
    ("pages", "pages", 7, ".0f"), ("documents", "docs", 6, ".0f"), ("input_mb", "in MB", 8, ".1f"),
    ("output_mb", "out MB", 8, ".1f"), ("build_wall", "build s", 9, ".2f"),
    ("qpdf_wall", "qpdf s", 8, ".2f"), ("ratio_wall", "ratio", 7, ".2f"),
    ("build_cpu", "bld cpu", 9, ".2f"), ("qpdf_cpu", "qpdf cpu", 9, ".2f"),
    ("ratio_cpu", "ratio", 7, ".2f"), ("cpu_ms_per_page", "ms/pg", 7, ".2f"),
    ("rss_mb", "RSS MB", 8, ".0f"), ("rss_ratio", "RSS/in", 8, ".2f"),
    ("floor_mb", "floor", 7, ".0f"),
)


def measure_rebuild(case: Case, folder: Path, paths: list[Path]) -> dict[str, float]:
    """Rebuild after one change, with the cache the first build filled, against a full build."""
    manifest = write_manifest(folder, paths)
    warm, cold = folder / "warm-cache", folder / "cold-cache"
    run_build(manifest, cache=warm)
    fulls, rebuilds, uncached = [], [], []
    for round_ in range(case.repeats):
        changed_document(paths, round_)
        fulls.append(run_build(manifest, cache=cold))
        rebuilds.append(run_build(manifest, cache=warm, empty_cache=False))
        uncached.append(run_build(manifest, cache=None))
    full_wall = statistics.median(b["wall"] for b in fulls)
    full_cpu = statistics.median(b["cpu"] for b in fulls)
    wall = statistics.median(b["wall"] for b in rebuilds)
    cpu = statistics.median(b["cpu"] for b in rebuilds)
    return {
        "pages": case.pages, "full_wall": full_wall, "rebuild_wall": wall,
        "ratio_wall": wall / full_wall, "full_cpu": full_cpu, "rebuild_cpu": cpu,
        "ratio_cpu": cpu / full_cpu, "stamped": max(b["stamped"] for b in rebuilds),
        "reused": min(b["reused"] for b in rebuilds),
        "uncached_cpu": statistics.median(b["cpu"] for b in uncached),
    }


REBUILD_COLUMNS = (
    ("pages", "pages", 7, ".0f"), ("full_wall", "full s", 8, ".2f"),
    ("rebuild_wall", "rebuild s", 11, ".2f"), ("ratio_wall", "ratio", 7, ".2f"),
    ("full_cpu", "full cpu", 10, ".2f"), ("rebuild_cpu", "rbld cpu", 10, ".2f"),
    ("ratio_cpu", "ratio", 7, ".2f"), ("uncached_cpu", "no-cache cpu", 14, ".2f"),
    ("stamped", "stamped", 9, ".0f"), ("reused", "reused", 8, ".0f"),
)


def table(rows: list[tuple[Case, dict[str, float]]], columns: tuple[tuple[str, str, int, str], ...]) -> None:
    head = f"{'case':<6}" + "".join(f"{title:>{width}}" for _, title, width, _ in columns)
    print(head)
    print("-" * len(head))
    for case, r in rows:
        cells = "".join(f"{r[key]:>{width}{fmt}}" for key, _, width, fmt in columns)
        print(f"{case.name:<6}{cells}")


def report_rebuild(rows: list[tuple[Case, dict[str, float]]]) -> None:
    print("\nrebuild after one document changed (same page count), cache filled by earlier builds:")
    table(rows, REBUILD_COLUMNS)
    print("full: the same inputs built with an empty cache; no-cache: built without one;\n"
          "stamped / reused: document runs of the rebuild.")


def report(rows: list[tuple[Case, dict[str, float]]]) -> None:
    table(rows, COLUMNS)
    print(
        "\nbuild s / qpdf s: wall-clock medians; cpu: user+system seconds of the same runs.\n"
        "ms/pg: build cpu per page. RSS: peak of the build child (VmHWM); floor: peak of a\n"
        f"child that only imports the engine. Load average now: {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs (wall times are unreliable when it exceeds the CPUs)."
    )
    verdicts(rows)


def verdicts(rows: list[tuple[Case, dict[str, float]]]) -> None:
    small, large = rows[0][1], rows[-1][1]
    linear = large["cpu_ms_per_page"] / small["cpu_ms_per_page"]
    pages_small, pages_large = f"{small['pages']:.0f}", f"{large['pages']:.0f}"
    checks = [
        (f"time ratio at {pages_small} pages <= 2 (wall)", small["ratio_wall"] <= 2,
         small["ratio_wall"]),
        (f"time ratio at {pages_small} pages <= 2 (cpu)", small["ratio_cpu"] <= 2,
         small["ratio_cpu"]),
        (f"peak RSS <= 1.5x input at {pages_large} pages", large["rss_ratio"] <= 1.5,
         large["rss_ratio"]),
        ("time roughly linear: cpu ms/page large / small <= 1.5", linear <= 1.5, linear),
    ]
    print("\ntargets:")
    for label, met, value in checks:
        print(f"  {'MET   ' if met else 'MISSED'}  {label}: {value:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 2,000 pages only")
    parser.add_argument("--rebuild", action="store_true", help="also time a rebuild after one change")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--idle", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.idle:
        child_idle()
        return
    if args.child:
        child_build(args.child)
        return
    large = Case("2k", 2_000, 100, 3) if args.quick else Case("10k", 10_000, 500, 1)
    cases = [Case("1k", 1_000, 50, 5), large]
    rows, rebuilds = [], []
    for case in cases:
        with tempfile.TemporaryDirectory(prefix="a3-bundle-bench-") as folder:
            print(f"generating and measuring {case.name} ({case.pages} pages)…", flush=True)
            paths = generate(case, Path(folder))
            rows.append((case, measure(case, Path(folder), paths)))
            if args.rebuild:
                rebuilds.append((case, measure_rebuild(case, Path(folder), paths)))
    report(rows)
    if rebuilds:
        report_rebuild(rebuilds)


if __name__ == "__main__":
    main()
