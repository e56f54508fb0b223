"""From a DOCX template and a context to the finished file, and from that to a PDF.

Templates are rendered in Jinja's sandbox with strict undefined variables: an organisation's
own template can neither reach Python internals nor silently leave a field blank. Output is
checked for leftover placeholders and, for documents that leave the team, redacted names.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pikepdf
from docx import Document as open_docx
from docxtpl import RichText

from article3.docs.builders.common import Rich
from article3.docs.jinja_render import render_template
from article3.docs.redaction import Redactor
from article3.errors import DomainError

BUILTIN = Path(__file__).resolve().parent / "templates_docx"
PLACEHOLDER = re.compile(r"{{|{%|{#|}}|%}")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Template:
    data: bytes
    sha256: str
    origin: str  # "builtin:<forum>/<kind>" or "override:<id>"


def builtin_template(forum: str, kind: str) -> Template:
    """The shipped template for the forum, or the generic one."""
    for folder in (forum, "generic"):
        path = BUILTIN / folder / f"{kind}.docx"
        if path.is_file() and path.resolve().is_relative_to(BUILTIN):
            data = path.read_bytes()
            return Template(data, hashlib.sha256(data).hexdigest(), f"builtin:{folder}/{kind}")
    raise DomainError(f"There is no template for '{kind}'.")


def _rich(value: Rich) -> RichText:
    rich = RichText()
    for text, highlighted in value.parts:
        props = '<w:rPr><w:highlight w:val="yellow"/></w:rPr>' if highlighted else ""
        rich.xml += f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    return rich


def _prepare(value: Any) -> Any:
    """Rich texts to docxtpl rich text; text typed by people may not open a Jinja tag of its own."""
    if isinstance(value, Rich):
        return _rich(Rich(tuple((_defuse(t), h) for t, h in value.parts)))
    if isinstance(value, str):
        return _defuse(value)
    if isinstance(value, dict):
        return {k: _prepare(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v) for v in value]
    return value


def _defuse(text: str) -> str:
    return PLACEHOLDER.sub(lambda m: " ".join(m.group(0)), text)


def render_docx(*, template: Template, context: dict[str, Any], redactor: Redactor) -> bytes:
    """Fill the template. An organisation's own template is filled in a confined child process, with
    a time and a memory limit, so that a template that loops or grows without end stops there."""
    prepared = _prepare(redactor.walk(context))
    own = template.origin.startswith("override")
    if own:
        data, problem = _render_confined(template.data, prepared)
    else:
        data, problem = render_template(data=template.data, context=prepared)
    if data is None:
        name = "your organisation's template" if own else "the template"
        raise DomainError(f"The document could not be made from {name}: {problem}")
    check_output(data, redactor)
    return data


def _render_confined(data: bytes, context: dict[str, Any]) -> tuple[bytes | None, str]:
    from django.conf import settings

    from article3.evidence.ingest.errors import IngestError
    from article3.evidence.ingest.sandbox import run_isolated

    timeout = float(settings.DOCS_TEMPLATE_TIMEOUT_SECONDS)
    memory = int(settings.DOCS_TEMPLATE_MAX_MEMORY_MB) * 1024 * 1024
    try:
        result: tuple[bytes | None, str] = run_isolated(
            "docs_render", {"data": data, "context": context}, timeout_s=timeout, max_rss_bytes=memory)
    except IngestError as exc:
        if exc.code == "timeout":
            return None, (f"filling it in took longer than {timeout:g} seconds and was stopped. An organisation "
                          "admin should check its loops, or remove it so that the built-in template applies.")
        if exc.code == "too_much_memory":
            return None, (f"filling it in needed more than {memory // (1024 * 1024)} MB of memory and was "
                          "stopped. An organisation admin should check it, or remove it so that the built-in "
                          "template applies.")
        return None, "filling it in failed. An organisation admin should check it."
    return result


def docx_text(data: bytes) -> str:
    """Every piece of text in the file (body, tables, headers, footers), one paragraph a line."""
    document = open_docx(io.BytesIO(data))
    parts = [document.element.body, *(s.header._element for s in document.sections),
             *(s.footer._element for s in document.sections)]
    lines = []
    for part in parts:
        for paragraph in part.iter(f"{_W}p"):
            lines.append("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
    return "\n".join(lines)


def check_output(data: bytes, redactor: Redactor) -> None:
    from article3.docs.external import external_references

    if external_references(data):
        raise DomainError("The template makes the document reach outside itself (a remote picture, link or "
                          "field); an organisation admin must replace the template.")
    text = docx_text(data)
    if PLACEHOLDER.search(text):
        raise DomainError("The template left a placeholder unfilled ('{{' or '{%'); check its tags.")
    if redactor.leaks(text):
        raise DomainError("A person marked 'redact' is named in the template itself; remove the name from it.")


def to_pdf(data: bytes) -> bytes | None:
    """The DOCX as PDF through LibreOffice (a private profile per run), or None without LibreOffice."""
    from article3.evidence.ingest.errors import IngestError
    from article3.evidence.ingest.limits import DEFAULT_LIMITS
    from article3.evidence.ingest.office import libreoffice_to_pdf

    with tempfile.TemporaryDirectory(prefix="article3-docs-") as tmp:
        work = Path(tmp)
        staged, dest = work / "document.docx", work / "document.pdf"
        staged.write_bytes(data)
        try:
            libreoffice_to_pdf(staged=staged, dest=dest, workdir=work, limits=DEFAULT_LIMITS)
        except IngestError:
            return None
        return dest.read_bytes()


def pdf_pages(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def estimate_pages(data: bytes, *, words_per_page: int = 330) -> int:
    """A rough count when LibreOffice is not there: 12 pt at 1.5 spacing holds about 330 words."""
    words = len(docx_text(data).split())
    return max(1, -(-words // words_per_page))
