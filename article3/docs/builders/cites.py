"""Pinpoint citations to the filing bundle: "Exh. B at 14–15", from the latest page map.

A page the bundle does not hold yet (no build, or a document added since) is cited by the
document's own page and marked "(bundle page pending)", never given a guessed number.
"""

from __future__ import annotations

from collections.abc import Iterable

from article3.bundles.engine.model import PageMap
from article3.bundles.models import BuildStatus, BundleBuild
from article3.cases.models import Case
from article3.chronology.models import Account, Event
from article3.claims.models import Support, SupportKind
from article3.coi.models import CoiCitation
from article3.evidence.models import Document

PENDING = "(bundle page pending)"
DASH = "\u2013"


def latest_build(case: Case) -> BundleBuild | None:
    return BundleBuild.objects.filter(case=case, status=BuildStatus.DONE).order_by("-pk").first()


def page_map(build: BundleBuild | None) -> PageMap | None:
    if build is None or not build.page_map:
        return None
    return PageMap.from_json(build.page_map)


def parse_pages(text: str) -> list[int]:
    """'2-3' -> [2, 3]; '4' -> [4]; '2, 5' -> [2, 5] (en dashes too)."""
    pages: list[int] = []
    for part in (p.strip() for p in (text or "").replace(DASH, "-").split(",")):
        first, _, last = (s.strip() for s in part.partition("-"))
        if first.isdigit():
            end = int(last) if last.isdigit() and int(last) >= int(first) else int(first)
            pages += range(int(first), end + 1)
    return pages


def ranges(pages: Iterable[int]) -> str:
    """[14, 15, 18] -> '14–15, 18'."""
    out: list[str] = []
    run: list[int] = []
    for page in sorted(set(pages)):
        if run and page != run[-1] + 1:
            out.append(_run(run))
            run = []
        run.append(page)
    if run:
        out.append(_run(run))
    return ", ".join(out)


def _run(run: list[int]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}{DASH}{run[-1]}"


def cite_document(document: Document, pages: list[int], pmap: PageMap | None, *, paragraph: int | None = None) -> str:
    """'Exh. B at 7' when every page is in the bundle; else the document's own pages, pending."""
    where = pmap.documents.get(document.key) if pmap is not None else None
    para = f" ¶ {paragraph}" if paragraph else ""
    if where is not None and where.label:
        if not pages:
            return f"Exh. {where.label}{para}"
        try:
            bundle_pages = [pmap.page_of(document_key=document.key, page=p) for p in pages]  # type: ignore[union-attr]
        except KeyError:
            bundle_pages = []
        if bundle_pages:
            return f"Exh. {where.label} at {ranges(bundle_pages)}{para}"
    own = f", p. {ranges(pages)}" if pages else ""
    return f"{document.label}{own}{para} {PENDING}"


def cite_account(account: Account, pmap: PageMap | None) -> str:
    if account.document is not None:
        pages = [account.page] if account.page else []
        return cite_document(account.document, pages, pmap, paragraph=account.paragraph)
    return account.interview or "the applicant's testimony"


def cite_event(event: Event, pmap: PageMap | None) -> list[str]:
    cites = [cite_account(a, pmap) for a in event.accounts.all()]
    return cites or ["the applicant's testimony"]


def cite_coi(citation: CoiCitation) -> str:
    report = citation.report
    where = f", p. {citation.page}" if citation.page else ""
    date = f" ({report.date:%Y})" if report.date else ""
    return f"{report.publisher + ', ' if report.publisher else ''}{report.title}{date}{where}, ¶ {citation.paragraph}"


def cite_support(support: Support, pmap: PageMap | None) -> list[str]:
    if support.kind == SupportKind.DOCUMENT and support.document is not None:
        return [cite_document(support.document, parse_pages(support.pages), pmap, paragraph=support.paragraph)]
    if support.kind == SupportKind.EVENT and support.event is not None:
        return cite_event(support.event, pmap)
    if support.kind == SupportKind.COI_CITATION and support.coi_citation is not None:
        return [cite_coi(support.coi_citation)]
    return [f"the applicant's testimony{': ' + support.note if support.note else ''}"]


def cite_fact_support(supports: Iterable[Support], pmap: PageMap | None) -> str:
    cites = list(dict.fromkeys(c for s in supports for c in cite_support(s, pmap)))
    return "; ".join(cites) or "no support recorded yet"
