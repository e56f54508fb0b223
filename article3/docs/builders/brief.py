"""The brief skeleton: one heading per legal element of the forum, the facts under it with pinpoint
citations to the bundle, the country information quoted, the standard of proof, and the gaps still
open as highlighted notes."""

from __future__ import annotations

from typing import Any

from article3.bundles.engine.model import PageMap
from article3.cases.models import Case
from article3.claims.report import gap_report
from article3.claims.selectors import ClaimsSnapshot, claims_snapshot
from article3.docs.builders.cites import cite_coi, cite_fact_support, latest_build, page_map
from article3.docs.builders.common import Built, Rich, case_context, case_sources, note
from article3.rulepacks import Source
from article3.rulepacks._schema import says_not_read
from article3.words import Words, gettext_noop

TITLES = {"us-eoir": "Pre-hearing brief", "uk-ftt": "Appeal skeleton argument"}


def authority(source: Source) -> str:
    """A citation as a draft prints it: "(unverified)" unless it was read in a primary or official text
    (verified, confidence H) and nothing in it says a text was not read."""
    read = source.verified and source.confidence == "H" and not says_not_read(source.citation)
    return source.citation if read else f"{source.citation} (unverified)"


def element_rows(snapshot: ClaimsSnapshot, pmap: PageMap | None) -> list[dict[str, Any]]:
    rows = []
    for number, row in enumerate(snapshot.rows, start=1):
        facts = [{"text": f.text, "cites": cite_fact_support(f.support.all(), pmap)} for f in row.facts]
        citations = [{"source": cite_coi(c), "quote": c.quote} for c in row.citations]
        gaps: list[Rich] = [] if facts or citations else [
            note("Nothing in the case supports this element yet: add facts, or say why it does not apply.")]
        rows.append({"number": number, "code": row.element.code, "label": row.element.label,
                     "description": row.element.description, "source": authority(row.element.source),
                     "facts": facts, "citations": citations, "gaps": gaps})
    return rows


def gap_notes(case: Case) -> list[Rich]:
    findings = gap_report(case=case).findings
    notes = [note(f"Open gap ({f.severity}): {f.message} {f.advice}") for f in findings]
    return notes or [note("The gap report finds nothing open.")]


def claims_sources(snapshot: ClaimsSnapshot) -> dict[str, Any]:
    facts = {f.key: f"{f.version}|" + ",".join(f"{s.pk}:{s.version}" for s in f.support.all())
             for f in snapshot.facts}
    documents = {}
    events = {}
    for fact in snapshot.facts:
        for support in fact.support.all():
            if support.document is not None:
                documents[support.document.key] = support.document.derived_sha256 or support.document.original_sha256
            if support.event is not None:
                events[support.event.key] = f"{support.event.version}|" + ",".join(
                    f"{a.pk}:{a.version}" for a in support.event.accounts.all())
    return {"facts": facts, "events": events, "documents": documents,
            "citations": {c.key: c.pk for c in snapshot.citations}}


def build(case: Case, options: dict[str, Any]) -> Built:
    snapshot = claims_snapshot(case=case)
    build_row = latest_build(case)
    pmap = page_map(build_row)
    pack = snapshot.pack
    context = case_context(case, TITLES.get(case.forum, "Brief"))
    context["standard"] = {"text": pack.standard.text, "citation": authority(pack.standard.source)}
    context["elements"] = element_rows(snapshot, pmap)
    context["gaps"] = gap_notes(case)
    context["notes"] = [note("Skeleton drafted from the case record: write the argument, then delete every "
                             "highlighted note before filing.")]
    warnings = [] if pmap is not None else [Words(gettext_noop(
        "No bundle has been built yet: citations give the documents' own pages, marked '(bundle page pending)'."))]
    if pmap is None:
        context["notes"].append(note("Build the bundle, then generate this brief again for bundle page numbers."))
    limit = pack.bundle.page_limit("skeleton_argument")
    return Built(context=context, sources=sources(case, options), warnings=warnings,
                 page_limit=(limit.pages, authority(limit.source)) if limit else None)


def sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    build_row = latest_build(case)
    return {**case_sources(case), **claims_sources(claims_snapshot(case=case)),
            "bundle_build": build_row.pk if build_row else None}
