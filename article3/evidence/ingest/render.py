"""Plain text and e-mails (EML) laid out as PDF pages.

ReportLab draws text in a Unicode TrueType font. Text it cannot show properly (right-to-left
scripts, which need bidirectional layout, or characters missing from the font) goes through
LibreOffice's text import instead, which shapes and orders them correctly.
"""

import email
import email.policy
import re
import shutil
import unicodedata
from dataclasses import dataclass
from email.message import EmailMessage, Message
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar, cast

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from article3.words import Words, gettext_noop

from .errors import IngestError
from .limits import IngestLimits
from .office import libreoffice_to_pdf

_FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
_FONT = "Article3Text"
_RTL_CLASSES = {"R", "AL"}
# C0 controls (bar tab) and DEL are not allowed in ReportLab's paragraph markup.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_HEADER_FIELDS = ("From", "To", "Cc", "Date", "Subject")


@dataclass(frozen=True)
class Line:
    """One line of the rendition; ``strong`` lines are headings and header labels."""

    text: str
    strong: bool = False


def _font_file() -> Path:
    for candidate in _FONT_CANDIDATES:
        if candidate.is_file():
            return candidate
    import reportlab

    return Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"


def _font() -> TTFont:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, str(_font_file())))
    return cast(TTFont, pdfmetrics.getFont(_FONT))


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; else the most likely legacy encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("cp1252", "replace")


def _needs_libreoffice(lines: list[Line]) -> bool:
    glyphs = _font().face.charToGlyph
    for line in lines:
        for char in line.text:
            if unicodedata.bidirectional(char) in _RTL_CLASSES:
                return True
            if ord(char) > 0x7F and ord(char) not in glyphs and not char.isspace():
                return True
    return False


def _too_long(limits: IngestLimits) -> IngestError:
    return IngestError("too_large", Words(gettext_noop(
        "This text is longer than %(limit)s characters and cannot be laid out as one document. Split it "
        "into parts and upload each part."), {"limit": limits.max_text_chars}))


def _paragraph_markup(text: str) -> str:
    text = _CONTROL.sub("", text.replace("\t", "    "))
    stripped = text.lstrip(" ")
    indent = len(text) - len(stripped)
    return "&nbsp;" * indent + escape(stripped)


def _reportlab_pdf(lines: list[Line], dest: Path) -> None:
    _font()
    body = ParagraphStyle("body", fontName=_FONT, fontSize=10, leading=13)
    strong = ParagraphStyle("strong", parent=body, fontSize=11, leading=15)
    flow: list[Paragraph | Spacer] = []
    for line in lines:
        if not line.text.strip():
            flow.append(Spacer(1, 13))
            continue
        markup = _paragraph_markup(line.text)
        flow.append(Paragraph(markup, strong if line.strong else body))
    doc = SimpleDocTemplate(str(dest), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm, title="", author="")
    doc.build(flow or [Spacer(1, 13)])


def lines_to_pdf(*, lines: list[Line], dest: Path, workdir: Path, language: str | None,
                 limits: IngestLimits) -> str:
    """Lay out ``lines``; returns the tool used ("reportlab" or "libreoffice")."""
    if sum(len(line.text) for line in lines) > limits.max_text_chars:
        raise _too_long(limits)
    if _needs_libreoffice(lines) and shutil.which("soffice"):
        workdir.mkdir(parents=True, exist_ok=True)
        staged = workdir / "document.txt"
        staged.write_text("\n".join(line.text for line in lines), encoding="utf-8")
        infilter = f"Text (encoded):UTF8,LF,DejaVu Sans,{language or 'en-US'}"
        libreoffice_to_pdf(staged=staged, dest=dest, workdir=workdir, limits=limits,
                           infilter=infilter)
        return "libreoffice"
    _reportlab_pdf(lines, dest)
    return "reportlab"


def text_lines(*, source: Path, limits: IngestLimits) -> list[Line]:
    if source.stat().st_size > limits.max_text_chars * 4:
        raise _too_long(limits)
    text = decode_text(source.read_bytes())
    return [Line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


# --- E-mail ----------------------------------------------------------------------------------

class _TextOfHtml(HTMLParser):
    """Visible text of an HTML body; scripts, styles and the head are dropped."""

    _SKIP: ClassVar[frozenset[str]] = frozenset({"script", "style", "head", "title", "template"})
    _BLOCK: ClassVar[frozenset[str]] = frozenset({
        "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
        "blockquote", "pre", "hr",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(" ".join(data.split()) if data.strip() else "")


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return "\n".join(lines).strip()


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
        return "" if value is None else " ".join(str(value).split())
    except Exception:  # a malformed header must not stop the rest of the e-mail
        return "(unreadable)"


def _part_text(part: Message) -> str:
    try:
        content = cast(EmailMessage, part).get_content()
        text = content if isinstance(content, str) else ""
    except Exception:  # unknown charset or broken encoding: decode what we can
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return "" if part is None else _part_text(part)


def _attachments(message: EmailMessage) -> list[str]:
    names: list[str] = []
    for part in message.iter_attachments():
        name = " ".join((part.get_filename() or "(no name)").split())
        payload = part.get_payload(decode=True)
        size = len(payload) if isinstance(payload, bytes) else 0
        names.append(f"{name} ({part.get_content_type()}, {size:,} bytes)")
    return names


def email_lines(*, source: Path, limits: IngestLimits) -> list[Line]:
    """Headers, body and the names of attachments (which are never opened)."""
    with source.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    lines = [Line("E-mail", strong=True), Line("")]
    lines += [Line(f"{name}: {_header(message, name)}", strong=True)
              for name in _HEADER_FIELDS if name in message]
    lines.append(Line(""))
    body = _body(message)
    if len(body) > limits.max_text_chars:
        raise _too_long(limits)
    lines += [Line(text) for text in body.replace("\r\n", "\n").split("\n")]
    attached = _attachments(message)
    if attached:
        lines += [Line(""), Line("Attachments (listed only, not opened):", strong=True)]
        lines += [Line(f"- {entry}") for entry in attached]
    return lines
