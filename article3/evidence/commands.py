from pathlib import Path
from typing import Any

import click
from django.utils.translation import gettext
from rich.markup import escape
from rich.progress import Progress

from article3.cli import FORMAT, ORG, _, case_by_reference, emit, evidence, fail, operator, table
from article3.errors import DomainError
from article3.evidence.filenames import decode_name, plain_line


@evidence.command("add", help=_("Add files to a case: each is stored encrypted, then converted to a searchable PDF."))
@click.argument("reference")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", required=True, help=_("What the documents are: declaration, medical, psychological, "
                                              "expert_opinion, ..."))
@click.option("--language", default="", help=_("The documents' language, as a BCP 47 tag, e.g. fr."))
@click.option("--date", default="", help=_("The date the document bears, e.g. 2019-04 or 2019-04-09."))
@click.option("--title", default="", help=_("The title; by default, the file name."))
@click.option("--no-ocr", is_flag=True, help=_("Do not read the text of scanned pages (OCR)."))
@ORG
@FORMAT
def evidence_add(reference: str, files: tuple[Path, ...], kind: str, language: str, date: str, title: str,
                 no_ocr: bool, org_slug: str, fmt: str) -> None:
    from article3.evidence.services import document_add
    from article3.tasks_sweep import worker_register

    case = case_by_reference(org_slug, reference)
    rows: list[dict[str, Any]] = []
    holder, lock = worker_register()  # held while this command lives: what it leaves half-done is found later
    with lock, Progress(disable=fmt == "json", transient=True) as bar:
        for path in files:
            shown = escape(plain_line(path.name))  # the name as text, never as escape codes or markup
            task = bar.add_task(shown, total=None)
            try:
                with path.open("rb") as handle:
                    document = document_add(actor=operator(), case=case, stream=handle, filename=path.name,
                                            kind=kind, language=language, date=date, title=title, process=False)
            except DomainError as exc:
                rows.append({"file": decode_name(path.name), "key": None, "status": "refused", "pages": 0,
                             "error": str(exc)})
                continue

            def progress(done: int, total: int, step: str, task: Any = task, name: str = shown) -> None:
                bar.update(task, completed=done, total=total, description=f"{name}: {step}")

            document = _process_or_hand_over(document, ocr=not no_ocr, progress=progress, holder=holder)
            rows.append({"file": decode_name(path.name), "key": document.key, "status": document.status,
                         "pages": document.pages, "error": document.error_message or None})
    emit(fmt, {"case": reference, "documents": rows}, lambda: table(
        gettext("Evidence added to %(reference)s") % {"reference": reference},
        [gettext("file"), gettext("key"), gettext("status"), gettext("pages"), gettext("problem")],
        [(r["file"], r["key"], r["status"], r["pages"], r["error"]) for r in rows]))
    if any(r["status"] != "ready" for r in rows):
        raise SystemExit(1)


def _process_or_hand_over(document: Any, *, ocr: bool, progress: Any, holder: str) -> Any:
    """Convert now; on Ctrl-C, leave the document to the worker rather than "processing" for ever."""
    from article3.evidence.models import Document
    from article3.evidence.services import document_process, document_reprocess

    try:
        return document_process(document=document, ocr=ocr, progress=progress, holder=holder)
    except KeyboardInterrupt:
        Document.objects.filter(pk=document.pk).update(processing_by="")
        document_reprocess(actor=operator(), document=document)
        click.echo(gettext("Stopped. %(key)s is stored; the worker will convert it (`article3 worker`).")
                   % {"key": document.key}, err=True)
        raise SystemExit(130) from None


@evidence.command("list", help=_("List the case's documents: status, pages, and what processing could not do."))
@click.argument("reference")
@ORG
@FORMAT
def evidence_list(reference: str, org_slug: str, fmt: str) -> None:
    from article3.audit.services import audit_record

    case = case_by_reference(org_slug, reference)
    rows = [{"key": d.key, "kind": d.kind, "title": d.title, "status": d.status, "pages": d.pages,
             "warnings": list(d.warnings or []), "error": d.error_message or None}
            for d in case.documents.order_by("pk")]
    audit_record(actor=operator(), action="evidence.document.listed", organisation_id=case.organisation_id,
                 case_id=case.pk, detail={"documents": len(rows)})
    emit(fmt, {"case": reference, "documents": rows}, lambda: table(
        gettext("Evidence of %(reference)s") % {"reference": reference},
        [gettext("key"), gettext("kind"), gettext("title"), gettext("status"), gettext("pages"), gettext("warnings")],
        [(r["key"], r["kind"], r["title"], r["status"], r["pages"],
          " ".join([*r["warnings"], *([r["error"]] if r["error"] else [])])) for r in rows]))


@evidence.command("replace", help=_("Replace a document's original with a new version; the previous one stays in the "
                                    "vault and the history."))
@click.argument("reference")
@click.argument("key")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reason", required=True,
              help=_("Why, for the chain of custody, e.g. better scan received from the clinic."))
@click.option("--no-ocr", is_flag=True, help=_("Do not read the text of scanned pages (OCR)."))
@ORG
@FORMAT
def evidence_replace(reference: str, key: str, file: Path, reason: str, no_ocr: bool, org_slug: str, fmt: str) -> None:
    from article3.evidence.services import document_process, document_replace

    document = _document_by_key(case_by_reference(org_slug, reference), reference, key)
    try:
        with file.open("rb") as handle:
            replacement = document_replace(actor=operator(), document=document, stream=handle, filename=file.name,
                                    reason=reason, process=False)
    except DomainError as exc:
        fail(gettext("%(file)s: nothing was replaced. %(problem)s") % {"file": file.name, "problem": exc})
    with Progress(disable=fmt == "json", transient=True) as bar:
        shown = escape(plain_line(file.name))
        task = bar.add_task(shown, total=None)

        def progress(done: int, total: int, step: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{shown}: {step}")

        processed = document_process(document=replacement.document, ocr=not no_ocr, progress=progress)
    row = {"case": reference, "key": key, "file": decode_name(file.name),
           "previous_sha256": replacement.previous_sha256,
           "original_sha256": processed.original_sha256, "status": processed.status, "pages": processed.pages,
           "translations_for_review": replacement.translations_for_review, "error": processed.error_message or None}
    emit(fmt, row, lambda: table(gettext("Original of %(key)s replaced in %(reference)s")
                                 % {"key": key, "reference": reference}, ["", ""], list(row.items())))
    if processed.status != "ready":
        raise SystemExit(1)


def _document_by_key(case: Any, reference: str, key: str) -> Any:
    """The case's document, or exit 1 with a message naming it."""
    found = case.documents.filter(key=key).first()
    if found is None:
        fail(gettext("No document '%(key)s' in case '%(reference)s'.") % {"key": key, "reference": reference})
    return found
