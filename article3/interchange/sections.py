"""The package sections owned by other apps: facts (claims) and country information (coi)."""

from typing import Any

from article3.audit.services import Actor
from article3.cases.models import Case
from article3.chronology.dates import FuzzyDate
from article3.errors import DomainError
from article3.evidence.models import Document
from article3.interchange.package import Package

COI_IDS = "coi_ids"  # Case.extra: report SHA-256 -> {"id": package id, "date": package date text}


def import_country_information(*, actor: Actor, case: Case, items: list[dict[str, Any]],
                               package: Package) -> dict[str, Any]:
    """Reports join the organisation's library; their cited passages are cited in the case.

    Returns package id -> the first citation of that report (what a fact's support points at).
    """
    from article3.coi.models import CoiCitation
    from article3.coi.services import ReportMeta, citation_add, report_import
    from article3.interchange.importer import file_errors

    first_citation: dict[str, Any] = {}
    ids: dict[str, dict[str, str]] = {}
    for i, item in enumerate(items):
        if not item.get("file"):
            raise DomainError(f"country_information[{i}].file: a report needs its file to be imported")
        date = item.get("date")
        meta = ReportMeta(countries=[item.get("country") or case.country_of_return], title=item["title"],
                          publisher=item.get("publisher", ""), url=item.get("url", ""),
                          date=FuzzyDate.parse(date).earliest if date else None)
        with file_errors(f"country_information[{i}]", item):
            report = report_import(actor=actor, organisation=case.organisation,
                                   data=package.file(item["file"]).read_bytes(), meta=meta,
                                   filename=item["file"].rsplit("/", 1)[-1]).report
        ids[report.sha256] = {"id": item["id"], "date": date or "", **item["x"]}
        for j, cited in enumerate(item.get("citations", [])):
            passage = _passage_quoting(report, cited, f"country_information[{i}].citations[{j}]")
            citation = citation_add(actor=actor, case=case, passage=passage, elements=cited.get("elements", []),
                                    quote=cited["quote"], note=cited.get("note", ""))
            kept = {k: cited[k] for k in ("created_by", "created_at") if k in cited}
            if "id" in cited:
                kept["key"] = cited["id"]
            if kept:
                CoiCitation.objects.filter(pk=citation.pk).update(**kept)
                citation.refresh_from_db()
            first_citation.setdefault(item["id"], citation)
            first_citation[f"citation:{citation.key}"] = citation
    if ids:
        Case.objects.filter(pk=case.pk).update(extra={**case.extra, COI_IDS: ids})
        case.refresh_from_db()
    return first_citation


def _passage_quoting(report: Any, cited: dict[str, Any], path: str) -> Any:
    from article3.coi.extract import normalise

    quote = normalise(cited["quote"])
    pages = {int(p) for p in str(cited.get("pages", "")).replace("-", ",").split(",") if p.strip().isdigit()}
    for passage in report.passages.order_by("paragraph"):
        if quote in passage.text and (not pages or passage.page is None or passage.page in pages):
            return passage
    raise DomainError(f"{path}.quote: these words were not found in the report")


def import_facts(*, actor: Actor, case: Case, items: list[dict[str, Any]], documents: dict[str, Document],
                 citations: dict[str, Any]) -> None:
    from article3.claims.models import Fact
    from article3.claims.services import fact_add, support_add

    events = {e.key: e for e in case.events.all()}
    for item in items:
        fact = fact_add(actor=actor, case=case, key=item["id"], text=item["text"],
                        elements=item.get("elements", []), extra=item["x"])
        if "created_at" in item:
            Fact.objects.filter(pk=fact.pk).update(created_at=item["created_at"])
        for support in item.get("support", []):
            support_add(actor=actor, fact=fact, **_support_fields(support, events, documents, citations))


def _support_fields(support: dict[str, Any], events: dict[str, Any], documents: dict[str, Document],
                    citations: dict[str, Any]) -> dict[str, Any]:
    pinpoint = {"pages": support.get("pages", ""), "paragraph": support.get("paragraph"),
                "note": support.get("note", "")}
    if support.get("event"):
        return {"kind": "event", "event": events[support["event"]], **pinpoint}
    if support.get("document"):
        return {"kind": "document", "document": documents[support["document"]], **pinpoint}
    if support.get("citation"):
        return {"kind": "coi_citation", "coi_citation": citations[f"citation:{support['citation']}"], **pinpoint}
    if support.get("country_information"):
        return {"kind": "coi_citation", "coi_citation": citations.get(support["country_information"]), **pinpoint}
    note = support.get("note") or str(support["x"].get("x-note", ""))
    return {"kind": "testimony", **pinpoint, "note": note}


def export_facts(case: Case) -> list[dict[str, Any]]:
    from article3.claims.models import Fact

    ids = _coi_ids(case)
    out = []
    for fact in Fact.objects.filter(case=case).prefetch_related("support__event", "support__document",
                                                                "support__coi_citation__report"):
        support: list[dict[str, Any]] = []
        for s in fact.support.all():
            target: dict[str, Any] = {"testimony": True}
            if s.event is not None:
                target = {"event": s.event.key}
            elif s.document is not None:
                target = {"document": s.document.key}
            elif s.coi_citation is not None:
                target = {"country_information": ids[s.coi_citation.report.sha256]["id"],
                          "citation": s.coi_citation.key}
            pinpoint = {**target, "pages": s.pages, "paragraph": s.paragraph, "note": s.note}
            support.append({k: v for k, v in pinpoint.items() if v})
        out.append({"id": fact.key, "text": fact.text, "elements": fact.elements, "support": support,
                    "created_at": fact.created_at.isoformat(),
                    **{k: v for k, v in fact.extra.items() if k.startswith("x-")}})
    return out


def _citations(case: Case) -> Any:
    from article3.coi.models import CoiCitation

    return CoiCitation.objects.filter(case=case).select_related("report").order_by("pk")


def _coi_ids(case: Case) -> dict[str, dict[str, str]]:
    known: dict[str, dict[str, str]] = dict(case.extra.get(COI_IDS, {}))
    for citation in _citations(case):
        report = citation.report
        known.setdefault(report.sha256, {"id": f"c-{report.sha256[:12]}",
                                         "date": report.date.isoformat() if report.date else ""})
    return known


def export_country_information(case: Case) -> tuple[list[dict[str, Any]], dict[str, str]]:
    ids = _coi_ids(case)
    reports: dict[str, dict[str, Any]] = {}
    files: dict[str, str] = {}
    for citation in _citations(case):
        report = citation.report
        entry = ids[report.sha256]
        if report.sha256 not in reports:
            name = f"coi/{entry['id']}.{report.file_type}"
            files[name] = report.sha256
            reports[report.sha256] = {k: v for k, v in {
                "id": entry["id"], "file": name, "title": report.title, "publisher": report.publisher,
                "date": entry.get("date"), "country": _country(report, case), "url": report.url,
                "citations": []}.items() if v is not None and v != ""} | {
                k: v for k, v in entry.items() if k.startswith("x-")}
            reports[report.sha256].setdefault("citations", [])
        cited: dict[str, Any] = {"id": citation.key, "pages": str(citation.page) if citation.page else None,
                                 "quote": citation.quote, "elements": citation.elements, "note": citation.note,
                                 "created_by": citation.created_by, "created_at": citation.created_at.isoformat()}
        reports[report.sha256]["citations"].append({k: v for k, v in cited.items() if v})
    return list(reports.values()), files


def _country(report: Any, case: Case) -> str:
    codes = list(report.countries.values_list("code", flat=True)) if hasattr(report, "countries") else []
    return codes[0] if codes else case.country_of_return
