"""`article3 case export`: a case as a package (docs/case-package.md), readable by `case import`."""

import datetime
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.db.models import Sum
from django.utils.translation import gettext_noop

from article3 import datadir
from article3.audit.services import Actor, audit_record
from article3.cases.models import Case, SafetyPlan
from article3.evidence.filenames import safe_filename
from article3.evidence.models import Document
from article3.evidence.storage import plain_chunks
from article3.interchange import casework, handoff, sections
from article3.interchange.schema import DOCUMENT_TEXT, FORMAT, SAFETY_PLAN_TEXT
from article3.interchange.signing import sign_package, signature_path
from article3.words import Words

if TYPE_CHECKING:
    from article3.exports.services import Made

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


def _moment(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _row(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a row as package values (dates as ISO text)."""
    out = {}
    for name in names:
        value = getattr(row, name)
        out[name] = value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value
    return out


REDACTED_NAME = "[name withheld]"


def manifest_for(case: Case, *, redact: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
    """The manifest and the files it names (package path -> vault SHA-256).

    `redact`: people marked `redact` travel without name, relation or notes, and the safety plan and the
    trauma-informed interview notes stay home.
    """
    applicant = case.applicant
    documents = list(case.documents.prefetch_related("findings__event", "custody").select_related("translates"))
    files = {document_filename(d): d.original_sha256 for d in documents}
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "case": _compact({
            "reference": case.reference, "forum": case.forum, "country_of_return": case.country_of_return,
            "stage": case.stage, "hearing_date": case.hearing_date.isoformat() if case.hearing_date else None,
            "detained": case.detained, "risk_profile": case.risk_profile, "risk_terms": case.risk_terms,
            "no_remedy_reason": case.no_remedy_reason, "prior_immigration": case.prior_immigration,
            "created_at": _moment(case.created_at), "closed_at": _moment(case.closed_at)}, case.extra),
        "applicant": _compact({
            "name": applicant.name, "other_names": applicant.other_names, "birth_date": applicant.birth_date,
            "nationality": applicant.nationality, "languages": applicant.languages,
            "interpreter_language": applicant.interpreter_language,
            "interpreter_dialect": applicant.interpreter_dialect, "reads_english": applicant.reads_english,
            "background": applicant.background}, applicant.extra),
        "people": [_person(p, redact) for p in case.people.all()],
        "feared_agents": [_compact({"id": a.key, **_row(a, ("description", "official", "link_to_officials"))})
                          for a in case.feared_agents.all()],
        "safety_plan": None if redact else _safety_plan(case),
        "events": [_event(e) for e in case.events.prefetch_related("accounts__document")],
        "domestic_remedies": [_compact({
            "id": r.key, "date": r.date, "body": r.body, "description": r.description, "outcome": r.outcome,
            "consequence": r.consequence, "evidence": [d.key for d in r.evidence.order_by("pk")]}, r.extra)
            for r in case.domestic_remedies.all()],
        "documents": [_document(d) for d in documents],
        "facts": sections.export_facts(case),
        "exhibits": case.exhibit_order,
        **casework.export_casework(case),
    }
    if redact:  # how to interview the applicant is for the team that does it, not for third parties
        manifest.pop("interview_care", None)
    manifest["country_information"], coi_files = sections.export_country_information(case)
    files.update(coi_files)
    manifest.update({k: v for k, v in case.extra.get("package", {}).items() if k.startswith("x-")})
    return _compact(manifest), files


def _person(person: Any, redact: bool) -> dict[str, Any]:
    if redact and person.redact:
        return _compact({"id": person.key, "role": person.role, "name": REDACTED_NAME, "at_risk": person.at_risk,
                         "redact": True})
    return _compact({"id": person.key, "role": person.role, "name": person.name, "relation": person.relation,
                     "at_risk": person.at_risk, "redact": person.redact, "notes": person.notes}, person.extra)


def _safety_plan(case: Case) -> dict[str, Any] | None:
    plan = SafetyPlan.objects.filter(case=case).first()
    if plan is None:
        return None
    return _compact({**_row(plan, SAFETY_PLAN_TEXT), "updated_at": _moment(plan.updated_at)})


def _event(event: Any) -> dict[str, Any]:
    accounts = []
    for a in event.accounts.all():
        source = _compact({"document": a.document.key if a.document else None, "paragraph": a.paragraph,
                           "page": a.page, "interview": a.interview}, a.extra.get("source"))
        accounts.append(_compact({"source": source, "date": a.date, "place": a.place,
                                  "age_stated": a.age_stated, "quote": a.quote}, a.extra))
    return _compact({"id": event.key, "kind": event.kind, "title": event.title, "date": event.date,
                     "place": event.place, "actors": event.actors, "accounts": accounts,
                     "concerns_applicant": event.concerns_applicant, "in_home_country": event.in_home_country,
                     "description": event.description}, event.extra)


CUSTODY_FIELDS = ("actor", "action", "input_sha256", "output_sha256", "tool", "tool_version", "note")


def _document(d: Document) -> dict[str, Any]:
    findings = [_compact({"finding": f.finding, "attributed_to": f.attributed_to,
                          "consistency": f.consistency, "event": f.event.key if f.event else None}, f.extra)
                for f in d.findings.all()]
    custody = [_compact({"at": _moment(c.at), **_row(c, CUSTODY_FIELDS)}) for c in d.custody.all()]
    return _compact({
        "id": d.key, "file": document_filename(d), "kind": d.kind, "title": d.title, "language": d.language,
        "date": d.date, "author": d.author, "findings": findings,
        "addresses_individual_circumstances": d.addresses_individual_circumstances,
        "translation": d.extra.get("translation"),
        "translates": d.translates.key if d.translates else None, "translator": d.translator,
        "certified": d.certified or None, **_row(d, DOCUMENT_TEXT), "needs_review": d.needs_review or None,
        "withdrawn_at": _moment(d.withdrawn_at), "withdrawn_reason": d.withdrawn_reason,
        "bundle_excluded": d.bundle_excluded or None, "created_at": _moment(d.created_at), "custody": custody}, d.extra)


def manifest_yaml(manifest: dict[str, Any]) -> str:
    return yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)


def case_export(*, actor: Actor, case: Case, out: Path, recipient: str | None = None,
                redact: bool = False, progress: Callable[[Words], None] | None = None) -> dict[str, Any]:
    """Write the package as a zip (written beside `out`, then renamed into place) and sign it.

    `recipient` (an age public key): the zip is encrypted to it and the signature covers the encrypted file.
    `redact`: people marked `redact` leave without their names, and the safety plan stays home.
    `progress` is told each step in words (article3.words), which a page shows in its reader's language.
    """
    to = handoff.recipient_parse(recipient) if recipient else None
    manifest, files = manifest_for(case, redact=redact)
    partial = out.with_name(out.name + ".partial")
    # Readable by its owner only, from the first byte: a package holds the whole case.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a leftover partial keeps its old mode otherwise
    with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "case.yaml", io.BytesIO(manifest_yaml(manifest).encode()))
        for number, (name, sha) in enumerate(sorted(files.items()), start=1):
            if progress is not None:
                progress(Words(gettext_noop("Adding document %(number)s of %(total)s"),
                               {"number": number, "total": len(files)}))
            _add_stream(archive, name, sha)
    if to is not None:
        encrypted = out.with_name(out.name + ".partial-age")
        try:
            handoff.package_encrypt(plain=partial, out=encrypted, recipient=to)
        finally:
            partial.unlink()
        partial = encrypted
    partial.replace(out)
    if progress is not None:
        progress(Words(gettext_noop("Signing the package")))
    signed = sign_package(out, datadir.instance_key())
    detail = {"files": len(files), "sha256": signed["sha256"], "encrypted_to": recipient.strip() if recipient else "",
              "redacted": redact}
    audit_record(actor=actor, action="interchange.case.exported", obj=case, organisation_id=case.organisation_id,
                 case_id=case.pk, detail=detail)
    return {"reference": case.reference, "files": len(files), "out": str(out), "encrypted": to is not None,
            "redacted": redact, "signature": str(signature_path(out)), "sha256": signed["sha256"],
            "fingerprint": signed["fingerprint"]}


def package_size(case: Case) -> int:
    """The bytes of the files a package of the case carries (its documents' originals)."""
    return int(case.documents.aggregate(total=Sum("original_size"))["total"] or 0)


def signed_package(*, actor: Actor, case: Case, folder: Path, redact: bool = False,
                   progress: Callable[[Words], None] | None = None) -> Path:
    """The package and its signature in one zip, as the web hands it out: the recipient checks one
    against the other. Written in `folder`."""
    name = safe_filename(f"{case.reference}.zip")
    out = folder / name
    case_export(actor=actor, case=case, out=out, redact=redact, progress=progress)
    both = folder / f"{Path(name).stem}-signed.zip"
    with zipfile.ZipFile(both, "w", zipfile.ZIP_STORED) as archive:
        archive.write(out, name)
        archive.write(signature_path(out), signature_path(out).name)
    return both


def case_package_make(*, actor: Actor, case: Case, options: dict[str, Any], folder: Path,
                      progress: Callable[[Words], None]) -> "Made":
    """A signed package made on the worker, for a case too large to package within a request (article3.exports)."""
    from article3.exports.services import Made

    path = signed_package(actor=actor, case=case, folder=folder, redact=bool(options.get("redact")), progress=progress)
    return Made(path=path, filename=path.name, content_type="application/zip")


def _add(archive: zipfile.ZipFile, name: str, data: io.BytesIO) -> None:
    archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data.getvalue(), compress_type=zipfile.ZIP_DEFLATED)


def _add_stream(archive: zipfile.ZipFile, name: str, sha: str) -> None:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as target:
        for chunk in plain_chunks(sha):
            target.write(chunk)
