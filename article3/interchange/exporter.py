"""`article3 case export`: a case as a package (spec/case-package.md), readable by `case import`."""

import io
import zipfile
from pathlib import Path
from typing import Any

import yaml

from article3 import datadir
from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.evidence.filenames import safe_filename
from article3.evidence.models import Document
from article3.evidence.storage import plain_chunks
from article3.interchange import sections
from article3.interchange.schema import FORMAT
from article3.interchange.signing import sign_package, signature_path

# A fixed timestamp in the zip, so the same case exports to the same bytes.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _compact(mapping: dict[str, Any], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Drop empty optional values; append kept `x-` keys."""
    out = {k: v for k, v in mapping.items() if v not in (None, "", [], {})}
    out.update({k: v for k, v in (extra or {}).items() if str(k).startswith("x-")})
    return out


def document_filename(document: Document) -> str:
    suffix = Path(document.original_name).suffix.lower() or f".{document.original_type or 'bin'}"
    return f"files/{safe_filename(document.key)}{suffix}"


def manifest_for(case: Case) -> tuple[dict[str, Any], dict[str, str]]:
    """The manifest and the files it names (package path -> vault SHA-256)."""
    applicant = case.applicant
    documents = list(case.documents.prefetch_related("findings").select_related("translates"))
    files = {document_filename(d): d.original_sha256 for d in documents}
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "case": _compact({
            "reference": case.reference, "forum": case.forum, "country_of_return": case.country_of_return,
            "stage": case.stage, "hearing_date": case.hearing_date.isoformat() if case.hearing_date else None,
            "detained": case.detained}, case.extra),
        "applicant": _compact({
            "name": applicant.name, "other_names": applicant.other_names, "birth_date": applicant.birth_date,
            "nationality": applicant.nationality, "languages": applicant.languages,
            "interpreter_language": applicant.interpreter_language}, applicant.extra),
        "people": [_compact({"id": p.key, "role": p.role, "name": p.name, "relation": p.relation,
                             "at_risk": p.at_risk, "redact": p.redact}, p.extra) for p in case.people.all()],
        "events": [_event(e) for e in case.events.prefetch_related("accounts__document")],
        "domestic_remedies": [_compact({
            "id": r.key, "date": r.date, "body": r.body, "description": r.description, "outcome": r.outcome,
            "consequence": r.consequence, "evidence": [d.key for d in r.evidence.order_by("pk")]}, r.extra)
            for r in case.domestic_remedies.all()],
        "documents": [_document(d) for d in documents],
        "facts": sections.export_facts(case),
        "exhibits": case.exhibit_order,
    }
    manifest["country_information"], coi_files = sections.export_country_information(case)
    files.update(coi_files)
    manifest.update({k: v for k, v in case.extra.get("package", {}).items() if k.startswith("x-")})
    return _compact(manifest), files


def _event(event: Any) -> dict[str, Any]:
    accounts = []
    for a in event.accounts.all():
        source = _compact({"document": a.document.key if a.document else None, "paragraph": a.paragraph,
                           "page": a.page, "x-interview": a.interview or None}, a.extra.get("source"))
        accounts.append(_compact({"source": source, "date": a.date, "place": a.place,
                                  "age_stated": a.age_stated}, a.extra))
    return _compact({"id": event.key, "kind": event.kind, "title": event.title, "date": event.date,
                     "place": event.place, "actors": event.actors, "accounts": accounts}, event.extra)


def _document(d: Document) -> dict[str, Any]:
    findings = [_compact({"finding": f.finding, "attributed_to": f.attributed_to,
                          "consistency": f.consistency}, f.extra) for f in d.findings.all()]
    return _compact({
        "id": d.key, "file": document_filename(d), "kind": d.kind, "title": d.title, "language": d.language,
        "date": d.date, "author": d.author, "findings": findings,
        "addresses_individual_circumstances": d.addresses_individual_circumstances,
        "translation": d.extra.get("translation"),
        "translates": d.translates.key if d.translates else None, "translator": d.translator,
        "certified": d.certified or None}, d.extra)


def manifest_yaml(manifest: dict[str, Any]) -> str:
    return yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)


def case_export(*, actor: Actor, case: Case, out: Path) -> dict[str, Any]:
    """Write the package as a zip (written beside `out`, then renamed into place)."""
    manifest, files = manifest_for(case)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "case.yaml", io.BytesIO(manifest_yaml(manifest).encode()))
        for name, sha in sorted(files.items()):
            _add_stream(archive, name, sha)
    partial.replace(out)
    signed = sign_package(out, datadir.instance_key())
    audit_record(actor=actor, action="interchange.case.exported", obj=case, organisation_id=case.organisation_id,
                 case_id=case.pk, detail={"files": len(files), "sha256": signed["sha256"]})
    return {"reference": case.reference, "files": len(files), "out": str(out),
            "signature": str(signature_path(out)), "sha256": signed["sha256"], "fingerprint": signed["fingerprint"]}


def _add(archive: zipfile.ZipFile, name: str, data: io.BytesIO) -> None:
    archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data.getvalue(), compress_type=zipfile.ZIP_DEFLATED)


def _add_stream(archive: zipfile.ZipFile, name: str, sha: str) -> None:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as target:
        for chunk in plain_chunks(sha):
            target.write(chunk)
