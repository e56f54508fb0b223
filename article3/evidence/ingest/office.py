"""Word processor files (DOCX, ODT, DOC), and text LibreOffice lays out better, to PDF.

Each run gets a fresh LibreOffice profile in the work folder, so parallel runs never share
a lock or a setting, and that profile turns macros off and blocks links to outside
resources (a linked image would otherwise tell a stranger's server that the file was opened).
Links are never updated: 0 is NEVER in LibreOffice's `UpdateLinks` (sw/inc/linkenum.hxx:
NEVER, MANUAL, AUTOMATIC, GLOBALSETTING).
"""

import os
import shutil
from pathlib import Path

from article3.words import gettext_noop

from .archive import check_zip, verify_inflation
from .errors import IngestError
from .limits import IngestLimits
from .sniff import Kind
from .tools import require_tool, run_tool

_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">
 <prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update">
 <prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
_MACRO_PARTS = ("Basic/", "Scripts/")
_OLE_MACRO_STREAMS = ("Macros".encode("utf-16-le"), "_VBA_PROJECT".encode("utf-16-le"))


def macros_present(*, source: Path, kind: Kind, limits: IngestLimits) -> bool:
    """Whether the document carries macros (never run; reported as active content)."""
    if kind == "odt":
        with check_zip(source, limits) as archive:
            return any(name.startswith(_MACRO_PARTS) for name in archive.namelist())
    if kind == "doc":
        return _ole_has_macros(source)
    return False


def _ole_has_macros(source: Path) -> bool:
    tail = b""
    with source.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            window = tail + chunk
            if any(name in window for name in _OLE_MACRO_STREAMS):
                return True
            tail = chunk[-32:]
    return False


def _profile(workdir: Path) -> Path:
    profile = workdir / "lo-profile"
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
    return profile


def _env(workdir: Path) -> dict[str, str]:
    tmp = workdir / "tmp"
    tmp.mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "TMPDIR": str(tmp),
        "LANG": "C.UTF-8",
    }


def libreoffice_to_pdf(*, staged: Path, dest: Path, workdir: Path, limits: IngestLimits,
                       infilter: str | None = None) -> None:
    """Convert ``staged`` (already in ``workdir``, with a neutral name) to ``dest``."""
    soffice = require_tool("soffice", purpose=gettext_noop("convert word-processor documents"))
    outdir = workdir / "lo-out"
    outdir.mkdir(exist_ok=True)
    args = [
        soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault",
        f"-env:UserInstallation={_profile(workdir).as_uri()}",
    ]
    if infilter:
        args.append(f"--infilter={infilter}")
    args += ["--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(staged)]
    run_tool(args, timeout_s=limits.office_timeout_s, what=gettext_noop("converting the document to PDF"),
             cwd=workdir, env=_env(workdir))
    produced = outdir / f"{staged.stem}.pdf"
    if not produced.is_file() or produced.stat().st_size == 0:
        raise IngestError("conversion_failed", gettext_noop(
            "This document could not be converted to PDF. It may be damaged or protected by "
            "a password. Open it in Word or LibreOffice and save it as PDF, then upload that."))
    shutil.move(produced, dest)


def office_to_pdf(*, source: Path, kind: Kind, dest: Path, workdir: Path,
                  limits: IngestLimits) -> None:
    """DOCX, ODT or DOC to PDF; zip containers are inflated to nowhere first, as a check."""
    if kind in ("docx", "odt"):
        with check_zip(source, limits) as archive:
            verify_inflation(archive, limits)
    workdir.mkdir(parents=True, exist_ok=True)
    staged = workdir / f"document.{kind}"
    shutil.copyfile(source, staged)
    libreoffice_to_pdf(staged=staged, dest=dest, workdir=workdir, limits=limits)
