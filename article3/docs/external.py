"""Find what in a DOCX would reach outside the file when Word or LibreOffice opens it.

A template could otherwise put the client's name into the address of a remote image, a linked
file or a field that fetches, and every generated document would send it out. Templates are
refused at upload, and every generated document is checked again after rendering, since tags can
assemble such a thing from pieces.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

# Field codes that fetch or embed something from elsewhere.
FETCHING_FIELDS = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDE|DDEAUTO|IMPORT|RD|DATABASE)\b",
                             re.IGNORECASE)
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|\\\\|//)", re.IGNORECASE)
# Attribute values that are names of XML vocabularies, not places to fetch.
VOCABULARY = re.compile(r"^https?://(schemas\.openxmlformats\.org|schemas\.microsoft\.com|purl\.org|www\.w3\.org)/",
                        re.IGNORECASE)
ALT_CHUNK = "relationships/aFChunk"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_PART_BYTES = 64 * 1024 * 1024


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def external_references(data: bytes) -> list[str]:
    """Plain descriptions of each external reference found; empty when the file is self-contained."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.file_size > _MAX_PART_BYTES or not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                root = etree.fromstring(archive.read(info), _parser())
            except etree.XMLSyntaxError:
                continue  # python-docx refuses a damaged part on its own
            if info.filename.endswith(".rels"):
                found.extend(_relationship_problems(root))
            else:
                found.extend(_part_problems(root))
    return sorted(set(found))


def _relationship_problems(root: etree._Element) -> list[str]:
    problems = []
    for rel in root:
        if rel.get("TargetMode", "").lower() == "external":
            problems.append("a link or picture that points outside the document")
        elif rel.get("Type", "").endswith(ALT_CHUNK):
            problems.append("an embedded web page or document part")
    return problems


def _part_problems(root: etree._Element) -> list[str]:
    problems = []
    for element in root.iter():
        instruction = ""
        if element.tag == f"{_W}instrText":
            instruction = element.text or ""
        elif element.tag == f"{_W}fldSimple":
            instruction = element.get(f"{_W}instr", "")
        if instruction and FETCHING_FIELDS.search(instruction):
            problems.append("a field that fetches or includes another file")
        elif instruction and re.search(r"://|\\\\", instruction):
            problems.append("a field that links to another site or file")
        for name, value in element.attrib.items():
            if _is_address(str(name), str(value)):
                problems.append("an address of another file or site")
    return problems


def _is_address(name: str, value: str) -> bool:
    if VOCABULARY.match(value) or not REMOTE.match(value):
        return False
    # Word's own short attributes (w:val="x:y" style values) never hold a URL scheme followed by a path.
    return "://" in value or value.startswith(("\\\\", "//", "file:", "mailto:", "javascript:")) \
        or name.endswith("href")
