from pathlib import Path
from typing import Any

import click
from rich.progress import Progress

from article3.cli import FORMAT, ORG, case_by_reference, emit, evidence, fail, operator, table
from article3.errors import DomainError


@evidence.command("add")
@click.argument("reference")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", required=True, help="declaration, medical, psychological, expert_opinion, ...")
@click.option("--language", default="", help="BCP 47 tag, e.g. fr")
@click.option("--date", default="", help="the date the document bears, e.g. 2019-04 or 2019-04-09")
@click.option("--title", default="", help="defaults to the file name")
@click.option("--no-ocr", is_flag=True, help="skip OCR of pages without text")
@ORG
@FORMAT
def evidence_add(reference: str, files: tuple[Path, ...], kind: str, language: str, date: str, title: str,
                 no_ocr: bool, org_slug: str, fmt: str) -> None:
    """Add files to a case: each is stored encrypted, then converted to a searchable PDF."""
    from article3.evidence.services import document_add, document_process

    case = case_by_reference(org_slug, reference)
    rows: list[dict[str, Any]] = []
    with Progress(disable=fmt == "json", transient=True) as bar:
        for path in files:
            task = bar.add_task(path.name, total=None)
            try:
                with path.open("rb") as handle:
                    document = document_add(actor=operator(), case=case, stream=handle, filename=path.name,
                                            kind=kind, language=language, date=date, title=title, process=False)
            except DomainError as exc:
                rows.append({"file": path.name, "key": None, "status": "refused", "pages": 0, "error": str(exc)})
                continue

            def progress(done: int, total: int, step: str, task: Any = task, name: str = path.name) -> None:
                bar.update(task, completed=done, total=total, description=f"{name}: {step}")

            document = document_process(document=document, ocr=not no_ocr, progress=progress)
            rows.append({"file": path.name, "key": document.key, "status": document.status,
                         "pages": document.pages, "error": document.error_message or None})
    emit(fmt, {"case": reference, "documents": rows}, lambda: table(
        f"Evidence added to {reference}", ["file", "key", "status", "pages", "problem"],
        [(r["file"], r["key"], r["status"], r["pages"], r["error"]) for r in rows]))
    if any(r["status"] != "ready" for r in rows):
        raise SystemExit(1)


@evidence.command("replace")
@click.argument("reference")
@click.argument("key")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reason", required=True, help="for the chain of custody, e.g. better scan received from the clinic")
@click.option("--no-ocr", is_flag=True, help="skip OCR of pages without text")
@ORG
@FORMAT
def evidence_replace(reference: str, key: str, file: Path, reason: str, no_ocr: bool, org_slug: str, fmt: str) -> None:
    """Replace a document's original with a new version; the previous one stays in the vault and the history."""
    from article3.evidence.services import document_process, document_replace

    document = _document_by_key(case_by_reference(org_slug, reference), reference, key)
    try:
        with file.open("rb") as handle:
            replacement = document_replace(actor=operator(), document=document, stream=handle, filename=file.name,
                                    reason=reason, process=False)
    except DomainError as exc:
        fail(f"{file.name}: nothing was replaced. {exc}")
    with Progress(disable=fmt == "json", transient=True) as bar:
        task = bar.add_task(file.name, total=None)

        def progress(done: int, total: int, step: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{file.name}: {step}")

        processed = document_process(document=replacement.document, ocr=not no_ocr, progress=progress)
    row = {"case": reference, "key": key, "file": file.name, "previous_sha256": replacement.previous_sha256,
           "original_sha256": processed.original_sha256, "status": processed.status, "pages": processed.pages,
           "translations_for_review": replacement.translations_for_review, "error": processed.error_message or None}
    emit(fmt, row, lambda: table(f"Original of {key} replaced in {reference}", ["", ""], list(row.items())))
    if processed.status != "ready":
        raise SystemExit(1)


def _document_by_key(case: Any, reference: str, key: str) -> Any:
    """The case's document, or exit 1 with a message naming it."""
    found = case.documents.filter(key=key).first()
    if found is None:
        fail(f"No document '{key}' in case '{reference}'.")
    return found
