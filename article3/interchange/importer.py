"""`article3 case import`: a validated package becomes a case, all or nothing."""

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from article3.accounts.models import Organisation
from article3.audit.services import Actor, audit_record
from article3.cases import services as cases
from article3.cases.models import Applicant, Case, SafetyPlan
from article3.chronology import services as chronology
from article3.chronology.models import Event
from article3.errors import DomainError
from article3.evidence.models import CustodyEntry, Document, MedicalFinding
from article3.evidence.services import document_add
from article3.interchange import casework, sections
from article3.interchange.exporter import CUSTODY_FIELDS
from article3.interchange.package import Package, package_open
from article3.interchange.schema import DOCUMENT_TEXT, SAFETY_PLAN_TEXT


@dataclass
class ImportResult:
    case: Case
    counts: dict[str, int] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"reference": self.case.reference, "counts": self.counts}


def case_import(*, actor: Actor, organisation: Organisation, path: Path) -> ImportResult:
    """Validate everything first; then write the files and the rows in one transaction.

    Raises PackageError (nothing written) or DomainError (e.g. the reference is taken).
    """
    with package_open(path) as package:
        reference = package.manifest["case"]["reference"]
        if Case.objects.filter(organisation=organisation, reference=reference).exists():
            raise DomainError(f"case.reference: a case '{reference}' already exists in this organisation")
        with transaction.atomic():
            result = _write(actor, organisation, package)
            audit_record(actor=actor, action="interchange.case.imported", obj=result.case,
                         organisation_id=organisation.pk, case_id=result.case.pk, detail=result.counts)
    return result


CASE_TEXT = ("risk_profile", "risk_terms", "no_remedy_reason", "prior_immigration")


def _write(actor: Actor, organisation: Organisation, package: Package) -> ImportResult:
    m = package.manifest
    c, a = m["case"], m["applicant"]
    case = cases.case_create(
        actor=actor, organisation=organisation, reference=c["reference"], forum=c["forum"],
        country_of_return=c["country_of_return"], applicant_name=a["name"],
        stage=c.get("stage", "intake"), hearing_date=_date(c.get("hearing_date")),
        detained=c.get("detained", False))
    Case.objects.filter(pk=case.pk).update(
        extra={**c["x"], **({"package": m["x"]} if m["x"] else {})}, exhibit_order=m.get("exhibits", []),
        **{k: c[k] for k in (*CASE_TEXT, "created_at", "closed_at") if k in c})
    Applicant.objects.filter(case=case).update(
        other_names=a.get("other_names", []), birth_date=a.get("birth_date", ""),
        nationality=a.get("nationality", ""), languages=a.get("languages", []),
        interpreter_language=a.get("interpreter_language", ""),
        interpreter_dialect=a.get("interpreter_dialect", ""), extra=a["x"],
        reads_english=a.get("reads_english", False), background=a.get("background", ""))
    case.refresh_from_db()
    result = ImportResult(case=case)
    for person in m.get("people", []):
        cases.person_add(actor=actor, case=case, key=person["id"], role=person["role"], name=person["name"],
                         relation=person.get("relation", ""), at_risk=person.get("at_risk", False),
                         redact=person.get("redact", False), notes=person.get("notes", ""), extra=person["x"])
    for agent in m.get("feared_agents", []):
        cases.feared_agent_add(actor=actor, case=case, key=agent["id"], description=agent["description"],
                               official=agent.get("official", False),
                               link_to_officials=agent.get("link_to_officials", ""))
    if m.get("safety_plan"):
        plan = m["safety_plan"]
        SafetyPlan.objects.update_or_create(case=case, defaults={k: plan.get(k, "") for k in SAFETY_PLAN_TEXT})
        if "updated_at" in plan:
            SafetyPlan.objects.filter(case=case).update(updated_at=plan["updated_at"])
    documents = _documents(actor, case, package)
    result.documents = list(documents.values())
    _events(actor, case, m.get("events", []), documents)
    _findings(case, m.get("documents", []), documents)
    _remedies(actor, case, m.get("domestic_remedies", []), documents)
    citations = sections.import_country_information(actor=actor, case=case, package=package,
                                                    items=m.get("country_information", []))
    sections.import_facts(actor=actor, case=case, items=m.get("facts", []), documents=documents,
                          citations=citations)
    casework.import_casework(case=case, manifest=m)
    result.counts = {s: len(m.get(s, [])) for s in (
        "people", "events", "domestic_remedies", "documents", "facts", "country_information")}
    return result


def _date(text: str | None) -> Any:
    import datetime

    return datetime.date.fromisoformat(text) if text else None


def _documents(actor: Actor, case: Case, package: Package) -> dict[str, Document]:
    documents: dict[str, Document] = {}
    items = package.manifest.get("documents", [])
    for i, item in enumerate(items):
        with package.file(item["file"]).open("rb") as handle, file_errors(f"documents[{i}]", item):
            documents[item["id"]] = document_add(
                actor=actor, case=case, stream=handle, filename=Path(item["file"]).name, key=item["id"],
                kind=item["kind"], title=item.get("title", ""), language=item.get("language", ""),
                date=item.get("date", ""), author=item.get("author", ""), process=False,
                # The sender's case is taken as it is, twins included: nothing in a package is dropped.
                allow_duplicate=True)
    for item in items:
        _document_details(documents, item)
    return documents


@contextlib.contextmanager
def file_errors(path: str, item: dict[str, Any]) -> Iterator[None]:
    """A refused file names where it is in the package: `documents[4] (d-psych) file files/psych.pdf: ...`."""
    try:
        yield
    except DomainError as exc:
        message = str(exc)
        raise DomainError(f"{path} ({item['id']}) file {item['file']}: {message[:1].lower()}{message[1:]}") from exc


def _document_details(documents: dict[str, Document], item: dict[str, Any]) -> None:
    document = documents[item["id"]]
    translates = item.get("translates")
    Document.objects.filter(pk=document.pk).update(
        translates=documents[translates] if translates else None,
        translator=item.get("translator", ""), certified=item.get("certified", False),
        addresses_individual_circumstances=item.get("addresses_individual_circumstances"),
        extra={**item["x"], **({"translation": item["translation"]} if "translation" in item else {})},
        needs_review=item.get("needs_review", False), bundle_excluded=item.get("bundle_excluded", False),
        **{k: item[k] for k in (*DOCUMENT_TEXT, "created_at", "withdrawn_at", "withdrawn_reason") if k in item})
    if item.get("translation"):  # the spec may name the link from either side
        Document.objects.filter(pk=documents[item["translation"]].pk).update(translates=document)
    _custody(document, item.get("custody", []))


def _custody(document: Document, entries: list[dict[str, Any]]) -> None:
    """The sender's history first, then this import's own entry last (it records the hand-over)."""
    received = list(document.custody.all())
    for entry in entries:
        row = CustodyEntry.objects.create(document=document, **{k: entry.get(k, "") for k in CUSTODY_FIELDS})
        CustodyEntry.objects.filter(pk=row.pk).update(at=entry["at"])
    for old in received:
        note = f"received in a case package; {old.note}"[:300]
        CustodyEntry.objects.create(document=document, actor=old.actor, action=old.action,
                                    input_sha256=old.input_sha256, output_sha256=old.output_sha256,
                                    tool=old.tool, tool_version=old.tool_version, note=note)
        old.delete()


def _findings(case: Case, items: list[dict[str, Any]], documents: dict[str, Document]) -> None:
    """After the events, which findings may name."""
    events = {e.key: e for e in case.events.all()}
    for item in items:
        for finding in item.get("findings", []):
            MedicalFinding.objects.create(
                document=documents[item["id"]], finding=finding["finding"],
                attributed_to=finding.get("attributed_to", ""), consistency=finding.get("consistency", ""),
                event=events.get(finding.get("event", "")), extra=finding["x"])


def _events(actor: Actor, case: Case, items: list[dict[str, Any]], documents: dict[str, Document]) -> None:
    for item in items:
        event = chronology.event_add(
            actor=actor, case=case, key=item["id"], kind=item["kind"], title=item["title"],
            date=item.get("date", ""), place=item.get("place", ""), extra=item["x"],
            actors=[{"name": a["name"], "official": a.get("official", False), **a["x"]}
                    for a in item.get("actors", [])],
            concerns_applicant=item.get("concerns_applicant", True), in_home_country=item.get("in_home_country"),
            description=item.get("description", ""))
        for account in item.get("accounts", []):
            _account(actor, event, account, documents)


def _account(actor: Actor, event: Event, account: dict[str, Any], documents: dict[str, Document]) -> None:
    source = account["source"]
    chronology.account_add(
        actor=actor, event=event,
        document=documents[source["document"]] if source.get("document") else None,
        interview=str(source.get("interview") or source["x"].get("x-interview", "")),
        page=source.get("page"), paragraph=source.get("paragraph"), date=account.get("date", ""),
        place=account.get("place", ""), age_stated=account.get("age_stated"), quote=account.get("quote", ""),
        extra={**account["x"], **({"source": rest} if (rest := {k: v for k, v in source["x"].items()
                                                                  if k != "x-interview"}) else {})})


def _remedies(actor: Actor, case: Case, items: list[dict[str, Any]], documents: dict[str, Document]) -> None:
    for item in items:
        remedy = chronology.remedy_add(
            actor=actor, case=case, key=item["id"], date=item.get("date", ""), body=item["body"],
            description=item.get("description", ""), outcome=item["outcome"],
            consequence=item.get("consequence", ""), extra=item["x"])
        remedy.evidence.set([documents[d] for d in item.get("evidence", [])])
