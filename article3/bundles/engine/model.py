"""Inputs and outputs of the bundle engine: plain frozen dataclasses, no Django.

The page map is the contract with the rest of the application: every document key and every
pinpoint resolves to bundle page numbers, which run consecutively across all volumes (the
cover and index pages of each volume are numbered too, because every page is stamped).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from article3.findings import Finding


class BundleError(Exception):
    """The bundle cannot be built as asked (bad input, unreadable PDF, impossible limit)."""


@dataclass(frozen=True)
class Layout:
    """How the bundle looks; filled from the forum's bundle profile."""

    page_size: Literal["letter", "a4"]
    cover: bool = True
    index: bool = True
    index_title: str = "Index"
    label_style: Literal["letters", "numbers"] = "letters"
    separators: bool = False
    bookmarks: bool = True
    max_part_bytes: int | None = None
    max_part_pages: int | None = None
    part_suffix: str = "_Part{n}"
    number_format: str = "{n}"  # placeholders: {n}, {total}, {part}
    # Shrink each exhibit page towards its top so that the number band at the bottom never
    # covers content; with False the number is printed over whatever is in the margin.
    shrink_to_band: bool = True
    band_height: float = 24.0


@dataclass(frozen=True)
class ExhibitInput:
    """One document of the bundle, with its translation and certificate as attachments."""

    key: str
    title: str
    date: str | None
    kind: str
    pdf: Path
    section: str | None = None
    attachments: tuple[ExhibitInput, ...] = ()
    sha256: str | None = None  # of the PDF, when the caller knows it; else read from the file if needed


@dataclass(frozen=True)
class Pinpoint:
    """A reference to one page of a document (1-based, as the document itself counts)."""

    key: str
    document_key: str
    page: int


@dataclass(frozen=True)
class CitedPassage:
    page: int  # page of the report document, 1-based
    quote: str
    pinpoint: str = ""  # where the report itself puts it ("p. 4, ¶ 12"), printed after the quote


@dataclass(frozen=True)
class AnnotatedReport:
    """A country report in the bundle with the passages the case relies on."""

    title: str
    exhibit_key: str
    passages: tuple[CitedPassage, ...] = ()


@dataclass(frozen=True)
class BundleInput:
    title: str
    case_reference: str
    forum_label: str
    prepared_by: str | None
    date: datetime.date
    exhibits: tuple[ExhibitInput, ...]
    closing: tuple[ExhibitInput, ...] = ()
    pinpoints: tuple[Pinpoint, ...] = ()
    country_index: tuple[AnnotatedReport, ...] = ()


@dataclass(frozen=True)
class DocumentPages:
    """Where one document landed: its own pages, without its separator (tab) page."""

    volume: int
    start: int
    end: int
    label: str | None
    parent: str | None = None
    tab: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "volume": self.volume,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "parent": self.parent,
            "tab": self.tab,
        }


@dataclass(frozen=True)
class PinpointPage:
    document_key: str
    volume: int
    page: int


@dataclass(frozen=True)
class PageMap:
    total: int
    volumes: tuple[tuple[int, int], ...]  # (first, last) bundle page of each volume
    documents: Mapping[str, DocumentPages] = field(default_factory=dict)
    pinpoints: Mapping[str, PinpointPage] = field(default_factory=dict)

    def volume_of(self, page: int) -> int:
        for number, (first, last) in enumerate(self.volumes, start=1):
            if first <= page <= last:
                return number
        raise KeyError(f"bundle page {page} is outside the bundle (1-{self.total})")

    def page_of(self, *, document_key: str, page: int) -> int:
        """Bundle page of page `page` (1-based) of a document."""
        where = self.documents[document_key]
        if not 1 <= page <= where.end - where.start + 1:
            raise KeyError(f"document {document_key} has no page {page}")
        return where.start + page - 1

    def as_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "pages": self.total,
            "volumes": [
                {"number": n, "first": first, "last": last}
                for n, (first, last) in enumerate(self.volumes, start=1)
            ],
            "documents": {key: where.as_json() for key, where in self.documents.items()},
            "pinpoints": {
                key: {"document": p.document_key, "volume": p.volume, "page": p.page}
                for key, p in self.pinpoints.items()
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PageMap:
        if data.get("version") != 1:
            raise ValueError("unsupported page map version")
        return cls(
            total=int(data["pages"]),
            volumes=tuple((int(v["first"]), int(v["last"])) for v in data["volumes"]),
            documents={key: DocumentPages(**value) for key, value in data["documents"].items()},
            pinpoints={
                key: PinpointPage(document_key=v["document"], volume=v["volume"], page=v["page"])
                for key, v in data["pinpoints"].items()
            },
        )


@dataclass(frozen=True)
class Volume:
    number: int
    path: Path
    pages: int
    bytes: int
    sha256: str
    first_page: int
    last_page: int
    first_exhibit: str | None
    last_exhibit: str | None


@dataclass(frozen=True)
class BuildResult:
    volumes: list[Volume]
    pages: int
    page_map: PageMap
    warnings: list[Finding]
    stamped: int = 0  # document runs copied and stamped by this build
    reused: int = 0  # document runs taken already stamped from the cache

    @property
    def sha256(self) -> list[str]:
        return [volume.sha256 for volume in self.volumes]

