"""The demo case end to end: bundle built, declaration and brief generated and converted to PDF by
LibreOffice, and every pinpoint checked against the bundle's page map."""

import io
import re

import pytest
from pdfminer.high_level import extract_text

from article3.bundles.engine.model import PageMap
from article3.bundles.models import BundleBuild
from article3.cases.models import Case
from article3.chronology.dates import FuzzyDate
from article3.claims.models import Fact
from article3.claims.services import fact_update
from article3.docs.builders.cites import PENDING
from article3.docs.freshness import stale_reasons
from article3.docs.models import DeclarationParagraph
from article3.docs.services import document_generate
from article3.evidence.storage import vault
from tests.docs.conftest import LEFTOVER, opened, text_of

pytestmark = pytest.mark.django_db
CITE = re.compile(r"Exh\. ([A-Z]+) at ([0-9–, ]+?)(?= ¶|[;\]]|$)")
REDACTED = ("Emmanuel", "Grace")  # the demo's brother and mother are marked redact


def cited_pages(text: str) -> list[tuple[str, int]]:
    found = []
    for label, pages in CITE.findall(text):
        for part in pages.split(","):
            first, _, last = part.strip().partition("–")
            found += [(label, p) for p in range(int(first), int(last or first) + 1)]
    return found


def pdf_text(sha: str) -> str:
    with vault().open(sha) as handle:
        return extract_text(io.BytesIO(handle.read()))


def test_declaration_and_brief_match_the_bundle(built_demo: tuple[Case, BundleBuild]) -> None:
    case, build = built_demo
    pmap = PageMap.from_json(build.page_map)
    declaration = document_generate(actor="test", case=case, kind="declaration", pdf=True)
    brief = document_generate(actor="test", case=case, kind="brief", pdf=True)

    # Every event once, in date order.
    events = [row.event for row in DeclarationParagraph.objects.filter(generated=declaration, event__isnull=False)]
    assert sorted(e.key for e in events) == sorted(case.events.values_list("key", flat=True))  # type: ignore[union-attr]
    keys = [FuzzyDate.parse(e.date).sort_key for e in events]  # type: ignore[union-attr]
    assert keys == sorted(keys)

    # Every cited page is a page of that exhibit in the bundle.
    text = text_of(brief)
    cites = cited_pages(text)
    assert cites and PENDING not in text and not LEFTOVER.search(text)
    for label, page in cites:
        spans = [(d.start, d.end) for d in pmap.documents.values() if d.label == label]
        assert any(start <= page <= end for start, end in spans), (label, page)
    medical = pmap.documents["d-medical"]
    assert f"Exh. {medical.label} at {pmap.page_of(document_key='d-medical', page=1)}" in text
    declared = pmap.documents["d-declaration"]
    assert f"Exh. {declared.label} at {pmap.page_of(document_key='d-declaration', page=1)} ¶ 15" in text

    # LibreOffice made both PDFs, and the pinpoints survived the conversion.
    assert declaration.pdf_sha256 and brief.pdf_sha256 and brief.pages
    assert f"Exh. {medical.label} at {medical.start}" in pdf_text(brief.pdf_sha256)
    assert "Joseph Tabe" in pdf_text(declaration.pdf_sha256)
    assert not any(name in text for name in REDACTED)

    # A fact changes: the brief is out of date, the declaration (which does not use it) is not.
    fact = Fact.objects.get(case=case, key="f-questioned-meetings")
    fact_update(actor="test", fact=fact, expected_version=fact.version, changes={"text": "Asked about meetings."})
    assert stale_reasons(brief) == ["facts: changed f-questioned-meetings"]
    assert stale_reasons(declaration) == []


def test_the_exhibit_list_gives_each_exhibits_bundle_pages(built_demo: tuple[Case, BundleBuild]) -> None:
    case, build = built_demo
    generated = document_generate(actor="test", case=case, kind="exhibit_list")
    table = [[cell.text for cell in row.cells] for row in opened(generated).tables[0].rows]
    assert table[0] == ["Exhibit", "Document", "Date", "Pages"]
    titles = dict(case.documents.values_list("key", "title"))
    for exhibit in build.exhibits:
        pages = str(exhibit["start"]) if exhibit["start"] == exhibit["end"] else f"{exhibit['start']}–{exhibit['end']}"
        row = next(r for r in table if r[1] == titles[exhibit["key"]])
        assert (row[0], row[3]) == (exhibit["label"], pages)
    assert len(table) == 1 + len(build.page_map["documents"])  # the translation is listed under its original
    text = text_of(generated)
    assert f"{build.pages} pages" in text and not any(name in text for name in REDACTED)
    assert not LEFTOVER.search(text)
