"""Warnings the bundle build reports, in the shared `Finding` shape (keys only, no content). Their words are kept
with the build, which shows them in its reader's language; the filed bundle says them in English."""

from __future__ import annotations

from article3.bundles.engine.model import BundleInput
from article3.findings import Finding
from article3.words import Words, gettext_noop


def exhibit_cut(keys: list[str]) -> Finding:
    return Finding.worded(
        code="bundle.exhibit_split",
        severity="medium",
        message=Words(gettext_noop("An exhibit is larger than the part limit and was split between parts.")),
        advice=Words(gettext_noop("Check that the forum accepts an exhibit spread over two files, or reduce "
                                   "the document's size (lower scan resolution) and build again.")),
        refs=tuple(keys),
    )


def part_over_limit(numbers: list[int]) -> Finding:
    return Finding.worded(
        code="bundle.part_over_limit",
        severity="high",
        message=Words(gettext_noop("A part is still larger than the file size limit: a single page exceeds it.")),
        advice=Words(gettext_noop("Re-scan or compress the oversized page before filing.")),
        refs=tuple(f"part-{n}" for n in numbers),
    )


def text_replaced(keys: list[str]) -> Finding:
    return Finding.worded(
        code="bundle.text_replaced",
        severity="low",
        message=Words(gettext_noop("Some characters of titles cannot be printed on the cover, index or tabs "
                                    "and were replaced with '?'.")),
        advice=Words(gettext_noop("Give these documents a title in the filing language (Latin, Greek or "
                                   "Cyrillic script).")),
        refs=tuple(keys),
    )


def pinpoint_unresolved(key: str, document_key: str) -> Finding:
    return Finding.worded(
        code="bundle.pinpoint_unresolved",
        severity="medium",
        message=Words(gettext_noop("A pinpoint cites a page that is not in the bundle.")),
        advice=Words(gettext_noop("Correct the page reference, or add the document to the bundle.")),
        refs=(key, document_key),
    )


def passage_unresolved(document_key: str, page: int) -> Finding:
    return Finding.worded(
        code="bundle.passage_unresolved",
        severity="medium",
        message=Words(gettext_noop("A cited country report passage is on page %(page)s, which the report lacks."),
                      {"page": page}),
        advice=Words(gettext_noop("Correct the page of the cited passage.")),
        refs=(document_key,),
    )


def report_not_in_bundle(document_key: str) -> Finding:
    return Finding.worded(
        code="bundle.report_missing",
        severity="medium",
        message=Words(gettext_noop("A country report in the country conditions index is not in the bundle.")),
        advice=Words(gettext_noop("Add the report to the bundle or remove it from the index.")),
        refs=(document_key,),
    )


def repeated_sections(spec: BundleInput) -> list[Finding]:
    """Sections should be contiguous; a section that comes back splits its index heading."""
    seen: list[str] = []
    repeated: list[str] = []
    previous: str | None = None
    for exhibit in spec.exhibits:
        section = exhibit.section
        if section and section != previous and section in seen:
            repeated.append(exhibit.key)
        if section and section not in seen:
            seen.append(section)
        previous = section
    if not repeated:
        return []
    return [
        Finding.worded(
            code="bundle.section_repeated",
            severity="low",
            message=Words(gettext_noop("Exhibits of one section are not together, so the section appears twice.")),
            advice=Words(gettext_noop("Reorder the exhibits so that each section's exhibits follow each other.")),
            refs=tuple(repeated),
        )
    ]
