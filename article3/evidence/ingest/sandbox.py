"""Run ingest work on untrusted files in a child process with time and memory limits.

The child comes from a fork server (a clean process that has imported the ingest modules
once, so each job starts in milliseconds without inheriting the caller's state), starts
its own session, lowers its address-space and CPU limits (inherited by every tool it runs)
and silences stdout/stderr. The parent watches the wall clock and the resident memory of
the child and all its descendants, and kills the whole tree when either limit is passed.
Whatever happens, the caller gets a result or an IngestError.
"""

import contextlib
import importlib
import math
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil

from article3.words import Words, gettext_noop

from .errors import IngestError, conversion_failed
from .limits import DEFAULT_LIMITS, IngestLimits

if TYPE_CHECKING:
    from .convert import DerivedPdf, Progress
    from .sniff import Sniffed

GiB = 1024 * 1024 * 1024
DEFAULT_TIMEOUT_S = 600.0
DEFAULT_MAX_RSS_BYTES = 2 * GiB
# Address space is not memory: libraries and thread stacks reserve far more than they touch.
# The hard cap is therefore RSS + this headroom; the RSS limit itself is watched from outside.
ADDRESS_SPACE_HEADROOM = 2 * GiB
_POLL_S = 0.05

# Only these functions may be run by name (the child imports them itself).
FUNCTIONS: dict[str, tuple[str, str]] = {
    "ingest_file": ("article3.evidence.ingest", "ingest_file"),
    "derive_pdf": ("article3.evidence.ingest.convert", "derive_pdf"),
    "sniff": ("article3.evidence.ingest.sniff", "sniff"),
    "page_count": ("article3.evidence.ingest.pages", "page_count"),
    "coi_parse": ("article3.coi.parse", "parse_report"),
    "docs_render": ("article3.docs.jinja_render", "render_template"),
}
_PRELOAD = ["article3.evidence.ingest", "ocrmypdf", "article3.evidence.ingest._warm"]


@dataclass
class IsolationStats:
    """Filled in by ``run_isolated`` when given: wall time and the peak resident memory of
    the child and its tools (sampled every 50 ms, and the peak the child reports when it ends)."""

    seconds: float = 0.0
    peak_rss_bytes: int = 0


def _context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


# --- In the child ----------------------------------------------------------------------

def _limit(which: int, value: int) -> None:
    _soft, hard = resource.getrlimit(which)
    capped = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(which, (capped, capped))


def _confine(max_rss_bytes: int, timeout_s: float) -> None:
    os.setsid()
    _limit(resource.RLIMIT_AS, max_rss_bytes + ADDRESS_SPACE_HEADROOM)
    _limit(resource.RLIMIT_CPU, math.ceil(timeout_s) + 5)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _resolve(fn_name: str) -> Callable[..., Any]:
    module_name, attribute = FUNCTIONS[fn_name]
    function: Callable[..., Any] = getattr(importlib.import_module(module_name), attribute)
    return function


def _child(fn_name: str, kwargs: dict[str, Any], conn: Connection, max_rss_bytes: int,
           timeout_s: float, want_progress: bool) -> None:
    _confine(max_rss_bytes, timeout_s)
    try:
        if want_progress:
            kwargs = {**kwargs, "progress": lambda i, n, s: conn.send(("progress", i, n, s))}
        result = _resolve(fn_name)(**kwargs)
        conn.send(("ok", result, _peak_rss_bytes()))
    except IngestError as error:
        conn.send(("error", error.code, error.words))
    except MemoryError:
        conn.send(("error", "too_much_memory", _memory_message(max_rss_bytes)))
    except BaseException:
        failure = conversion_failed(gettext_noop("processing the file"))
        conn.send(("error", failure.code, failure.words))
    finally:
        conn.close()


def _peak_rss_bytes() -> int:
    """The highest resident memory this child, or the largest tool it waited for, reached.

    The parent samples memory every 50 ms; a job that finishes sooner is still held to the limit."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tools = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, tools) * 1024  # Linux counts kilobytes


# --- In the parent ---------------------------------------------------------------------

def _timeout_message(timeout_s: float) -> Words:
    return Words(gettext_noop(
        "Processing this file took longer than %(limit)s seconds and was stopped. It may be damaged or "
        "unusually complex; print it to a new PDF (or split it) and use that instead."), {"limit": f"{timeout_s:g}"})


def _memory_message(max_rss_bytes: int) -> Words:
    return Words(gettext_noop(
        "Processing this file needed more than %(limit)s MB of memory and was stopped. It may be built to "
        "exhaust memory; if it is genuine, print it to a smaller PDF (or split it) and upload that."),
        {"limit": max_rss_bytes // (1024 * 1024)})


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _tree_rss(pid: int) -> int:
    total = 0
    for proc in _tree(pid):
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total


def _kill_tree(proc: BaseProcess) -> None:
    """Kill the child, its process group and every descendant (tools start new sessions)."""
    if proc.pid is None:
        return
    members = _tree(proc.pid)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    for member in members:
        try:
            member.kill()
        except psutil.Error:
            continue


def _died(proc: BaseProcess, timeout_s: float) -> IngestError:
    proc.join(5)
    if proc.exitcode == -signal.SIGXCPU:
        return IngestError("timeout", _timeout_message(timeout_s))
    return IngestError("conversion_failed", gettext_noop(
        "The program reading this file stopped unexpectedly, so the file was not accepted. "
        "It may be damaged; print it to a new PDF and upload that."))


def _handle(message: tuple[Any, ...], progress: "Progress | None", max_rss_bytes: int,
            stats: IsolationStats) -> tuple[bool, Any]:
    """(finished, result) for one message from the child."""
    if message[0] == "progress":
        if progress is not None:
            progress(int(message[1]), int(message[2]), str(message[3]))
        return False, None
    if message[0] == "ok":
        _, result, peak_rss = message
        stats.peak_rss_bytes = max(stats.peak_rss_bytes, peak_rss)
        if peak_rss > max_rss_bytes:
            raise IngestError("too_much_memory", _memory_message(max_rss_bytes))
        return True, result
    raise IngestError(message[1], message[2])


def _supervise(proc: BaseProcess, conn: Connection, timeout_s: float, max_rss_bytes: int,
               progress: "Progress | None", stats: IsolationStats) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        if time.monotonic() > deadline:
            raise IngestError("timeout", _timeout_message(timeout_s))
        if conn.poll(_POLL_S):
            try:
                finished, result = _handle(conn.recv(), progress, max_rss_bytes, stats)
            except (EOFError, OSError):
                raise _died(proc, timeout_s) from None
            if finished:
                return result
        elif not proc.is_alive():
            raise _died(proc, timeout_s)
        rss = _tree_rss(proc.pid) if proc.pid is not None else 0
        stats.peak_rss_bytes = max(stats.peak_rss_bytes, rss)
        if rss > max_rss_bytes:
            raise IngestError("too_much_memory", _memory_message(max_rss_bytes))


def run_isolated(fn_name: str, kwargs: dict[str, Any], *, timeout_s: float,
                 max_rss_bytes: int, progress: "Progress | None" = None,
                 stats: IsolationStats | None = None) -> Any:
    """Call the registered function ``fn_name(**kwargs)`` in a confined child process.

    Returns its result, or raises IngestError: its own, ``timeout`` after ``timeout_s``
    seconds of wall-clock time, ``too_much_memory`` when the resident memory of the child
    and its tools passes ``max_rss_bytes``, ``conversion_failed`` if the child dies.
    """
    if fn_name not in FUNCTIONS:
        raise ValueError(f"{fn_name!r} is not a function that may run isolated")
    stats = stats if stats is not None else IsolationStats()
    started = time.monotonic()
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(  # type: ignore[attr-defined]
        target=_child,
        args=(fn_name, kwargs, sender, max_rss_bytes, timeout_s, progress is not None),
    )
    proc.start()
    sender.close()
    try:
        return _supervise(proc, receiver, timeout_s, max_rss_bytes, progress, stats)
    finally:
        stats.seconds = time.monotonic() - started
        _kill_tree(proc)
        receiver.close()
        proc.join()
        proc.close()


def ingest_file_isolated(
    *, source: Path, workdir: Path, language: str | None,
    max_bytes: int = DEFAULT_LIMITS.max_bytes, ocr: bool = True,
    progress: "Progress | None" = None, limits: IngestLimits = DEFAULT_LIMITS,
    timeout_s: float = DEFAULT_TIMEOUT_S, max_rss_bytes: int = DEFAULT_MAX_RSS_BYTES,
    stats: IsolationStats | None = None,
) -> "tuple[Sniffed, DerivedPdf]":
    """``ingest_file`` in a confined child; raises IngestError only."""
    kwargs = {"source": source, "workdir": workdir, "language": language,
              "max_bytes": max_bytes, "ocr": ocr, "limits": limits}
    try:
        result: tuple[Sniffed, DerivedPdf] = run_isolated(
            "ingest_file", kwargs, timeout_s=timeout_s, max_rss_bytes=max_rss_bytes,
            progress=progress, stats=stats,
        )
    except IngestError:
        raise
    except Exception:
        raise conversion_failed(gettext_noop("starting the isolated worker")) from None
    return result
