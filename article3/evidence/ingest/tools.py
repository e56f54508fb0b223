"""Running external tools on untrusted files: bounded in time, killed with their children."""

import contextlib
import functools
import hashlib
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from article3.words import Words, gettext_noop

from .errors import IngestError


@dataclass(frozen=True)
class ToolResult:
    returncode: int
    stdout: bytes


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def require_tool(name: str, *, purpose: str) -> str:
    """The absolute path of a tool, or a clear error if the server lacks it. ``purpose`` is a phrase
    marked for the catalogues ("convert word-processor documents")."""
    found = shutil.which(name)
    if found is None:
        raise IngestError("conversion_failed", Words(gettext_noop(
            "The server cannot %(purpose)s because the program '%(name)s' is not installed. Ask your "
            "administrator to install it; the file itself may be fine."), {"purpose": Words(purpose), "name": name}))
    return found


def run_tool(args: list[str], *, timeout_s: float, what: str, cwd: Path | None = None,
             env: dict[str, str] | None = None) -> ToolResult:
    """Run ``args`` in its own session so a timeout kills the tool and anything it started. ``what`` says
    what it does, in a phrase marked for the catalogues ("checking the finished PDF")."""
    with subprocess.Popen(
        args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, start_new_session=True,
    ) as proc:
        try:
            stdout, _ = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise IngestError("timeout", Words(gettext_noop(
                "Processing took too long while %(what)s (limit %(limit)s seconds). The file may be damaged "
                "or unusually complex; try saving it again as PDF."), {"what": Words(what), "limit": int(timeout_s)}
            )) from None
        return ToolResult(returncode=proc.returncode, stdout=stdout)


def _kill_group(proc: "subprocess.Popen[bytes]") -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


@functools.cache
def tool_version(name: str) -> str:
    """First line of ``name --version``, for the derivation record; 'unknown' if unavailable."""
    path = shutil.which(name)
    if path is None:
        return "unknown"
    try:
        result = run_tool([path, "--version"], timeout_s=30, what=gettext_noop("asking a tool's version"))
    except IngestError:
        return "unknown"
    lines = result.stdout.decode("utf-8", "replace").strip().splitlines()
    return lines[0].strip() if lines else "unknown"
