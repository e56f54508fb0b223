"""Word (DOCX) reports: paragraphs and table rows in order; headings by their paragraph style.

The archive is checked by the safe-zip reader before anything is inflated, and the XML is
parsed without entities or network access.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from lxml import etree

from article3.coi.extract import Block, Extracted, normalise
from article3.errors import DomainError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_XML_BYTES = 64 * 1024 * 1024
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def docx_extract(data: bytes) -> Extracted:
    parts = _read_parts(data)
    try:
        body = etree.fromstring(parts["word/document.xml"], _parser())
        styles = _style_levels(parts.get("word/styles.xml"))
        title, language = _core(parts.get("docProps/core.xml"))
    except etree.XMLSyntaxError as exc:
        raise DomainError("This Word document is damaged and could not be read.") from exc
    blocks = list(_blocks(body, styles))
    if not blocks:
        raise DomainError("This Word document has no text.")
    return Extracted(file_type="docx", blocks=blocks, title=title, language=language)


def _read_parts(data: bytes) -> dict[str, bytes]:
    from article3.interchange.safezip import UnsafeArchive, open_safe_zip

    with tempfile.TemporaryDirectory(prefix="coi-docx-") as tmp:
        path = Path(tmp) / "report.docx"
        path.write_bytes(data)
        try:
            with open_safe_zip(path, max_entries=2000, max_total_bytes=512 * 1024 * 1024) as archive:
                names = set(archive.names())
                if "word/document.xml" not in names:
                    raise DomainError("This file is a zip archive but not a Word (DOCX) document.")
                wanted = ("word/document.xml", "word/styles.xml", "docProps/core.xml")
                return {name: _read(archive, name) for name in wanted if name in names}
        except UnsafeArchive as exc:
            raise DomainError(f"This Word document is packed unsafely ({exc.code}) and was not opened.") from exc


def _read(archive: object, name: str) -> bytes:
    data = archive.read(name)  # type: ignore[attr-defined]
    if len(data) > _MAX_XML_BYTES:
        raise DomainError("This Word document is too large to index.")
    return data  # type: ignore[no-any-return]


def _style_levels(xml: bytes | None) -> dict[str, int]:
    """Style id -> heading level, for the styles named "heading N" or "Title"."""
    if not xml:
        return {}
    levels: dict[str, int] = {}
    for style in etree.fromstring(xml, _parser()).iter(f"{W}style"):
        name_el = style.find(f"{W}name")
        name = name_el.get(f"{W}val", "") if name_el is not None else ""
        match = _HEADING_STYLE.match(name)
        style_id = style.get(f"{W}styleId", "")
        if match:
            levels[style_id] = int(match.group(1))
        elif name.lower() == "title":
            levels[style_id] = 1
    return levels


def _core(xml: bytes | None) -> tuple[str, str]:
    """Title and language from the document properties (its "created" date is the template's, not the report's)."""
    if not xml:
        return "", ""
    root = etree.fromstring(xml, _parser())
    values = {etree.QName(el).localname: (el.text or "").strip() for el in root}
    return normalise(values.get("title", ""))[:500], values.get("language", "").split("-")[0].lower()


def _blocks(body: etree._Element, styles: dict[str, int]) -> list[Block]:
    blocks: list[Block] = []
    container = body.find(f"{W}body")
    for element in container if container is not None else []:
        if element.tag == f"{W}p":
            blocks.append(Block(text=_text(element), level=_level(element, styles)))
        elif element.tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                cells = [normalise(_text(cell)) for cell in row.iter(f"{W}tc")]
                blocks.append(Block(text=" | ".join(cell for cell in cells if cell)))
    return blocks


def _level(paragraph: etree._Element, styles: dict[str, int]) -> int:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    style_id = style.get(f"{W}val", "") if style is not None else ""
    if style_id in styles:
        return styles[style_id]
    match = re.match(r"^heading(\d)$", style_id, re.IGNORECASE)
    return int(match.group(1)) if match else 0


def _text(element: etree._Element) -> str:
    parts: list[str] = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br"):
        parts.append((node.text or "") if node.tag == f"{W}t" else " ")
    return "".join(parts)
