"""Fonts for the generated pages, and text the chosen font can actually print.

The generated pages (cover, index, tabs) use DejaVu Sans when the system has it, which covers
Latin, Greek and Cyrillic; otherwise the standard Helvetica (Windows-1252 only). Right-to-left
scripts are never drawn, because reportlab would lay them out unshaped and left-to-right,
which reads as something else; such characters become "?" and the build warns.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
_lock = threading.Lock()
_loaded: list[Fonts] = []  # one Fonts per process, so caches keyed on it hit by identity


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    covered: frozenset[int] | None  # code points the TrueType font has; None: use cp1252


@dataclass
class TextGuard:
    """Replaces characters the font cannot print and remembers which documents had them."""

    fonts: Fonts
    affected: list[str] = field(default_factory=list)

    def clean(self, text: str, *, ref: str) -> str:
        chars = [c if self._printable(c) else "?" for c in _normalise(text)]
        cleaned = "".join(chars)
        if cleaned != _normalise(text) and ref not in self.affected:
            self.affected.append(ref)
        return cleaned

    def _printable(self, char: str) -> bool:
        if unicodedata.bidirectional(char) in ("R", "AL", "AN"):
            return False
        if self.fonts.covered is None:
            try:
                char.encode("cp1252")
            except UnicodeEncodeError:
                return False
            return True
        return ord(char) in self.fonts.covered


def _normalise(text: str) -> str:
    # Compose accents so that "e" + combining acute is one printable glyph; fold line breaks.
    return " ".join(unicodedata.normalize("NFC", text).split())


def load_fonts() -> Fonts:
    """Register DejaVu Sans once per process if present; fall back to Helvetica."""
    with _lock:
        if not _loaded:
            _loaded.append(_register())
        return _loaded[0]


def _register() -> Fonts:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("A3Sans", str(regular)))
            pdfmetrics.registerFont(TTFont("A3Sans-Bold", str(bold)))
            covered = frozenset(pdfmetrics.getFont("A3Sans").face.charToGlyph)
            return Fonts(regular="A3Sans", bold="A3Sans-Bold", covered=covered)
    return Fonts(regular="Helvetica", bold="Helvetica-Bold", covered=None)


def wrap(text: str, *, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap by measured width; a word longer than the line is cut."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = _cut_long_word(word, font=font, size=size, width=width, lines=lines)
    lines.append(current)
    return lines


def _cut_long_word(word: str, *, font: str, size: float, width: float, lines: list[str]) -> str:
    while pdfmetrics.stringWidth(word, font, size) > width and len(word) > 1:
        cut = len(word) - 1
        while cut > 1 and pdfmetrics.stringWidth(word[:cut], font, size) > width:
            cut -= 1
        lines.append(word[:cut])
        word = word[cut:]
    return word
