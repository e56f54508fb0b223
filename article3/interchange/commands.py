import sys
from pathlib import Path

import click
from django.utils.translation import gettext, ngettext

from article3.cli import FORMAT, ORG, _, case, case_by_reference, emit, fail, operator, organisation_by_slug
from article3.errors import DomainError


@case.command("import", help=_("Import a case package (a folder, a .zip, or a .zip encrypted to this instance; see "
                                "docs/case-package.md)."))
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--queue", is_flag=True, help=_("Leave document conversion to the worker instead of doing it now."))
@ORG
@FORMAT
def case_import_command(path: Path, queue: bool, org_slug: str, fmt: str) -> None:
    from article3.evidence.services import document_process
    from article3.evidence.tasks import document_process as document_task
    from article3.interchange.importer import case_import
    from article3.interchange.schema import PackageError

    organisation = organisation_by_slug(org_slug)
    try:
        result = case_import(actor=operator(), organisation=organisation, path=path)
    except PackageError as exc:
        fail(gettext("The package was not imported; nothing was saved.") + "\n  " + "\n  ".join(exc.problems))
        return
    except DomainError as exc:
        fail(gettext("The package was not imported; nothing was saved.") + f"\n  {exc}")
        return
    from rich.progress import Progress

    with Progress(disable=fmt == "json" or queue, transient=True) as bar:
        task = bar.add_task(gettext("Converting documents"), total=len(result.documents))
        for document in result.documents:
            if queue:
                document_task.enqueue(document.pk)
            else:
                document_process(document=document)
            bar.advance(task)
    emit(fmt, result.as_json(), lambda: click.echo(
        gettext("Imported %(reference)s: %(counts)s") % {
            "reference": result.case.reference,
            "counts": ", ".join(f"{_counted(k)}: {n}" for k, n in result.counts.items())}))


def _counted(what: str) -> str:
    """The importer's counts (article3/interchange/importer.py), in words."""
    words = {"people": gettext("people"), "events": gettext("events"),
             "domestic_remedies": gettext("domestic remedies"), "documents": gettext("documents"),
             "facts": gettext("facts"), "country_information": gettext("country information")}
    return words.get(what, what.replace("_", " "))


@case.command("export", help=_("Export a case as a package (.zip) that `case import` reads back."))
@click.argument("reference")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "recipient", metavar="RECIPIENT_KEY",
              help=_("Encrypt the package to this public key (age1..., from the recipient's `case receiving-key`)."))
@click.option("--redact", is_flag=True,
              help=_("Leave out the names of people marked 'redact', the safety plan and the interview notes."))
@ORG
@FORMAT
def case_export_command(reference: str, out: Path, recipient: str | None, redact: bool, org_slug: str,
                        fmt: str) -> None:
    from article3.interchange.exporter import case_export

    try:
        data = case_export(actor=operator(), case=case_by_reference(org_slug, reference), out=out,
                           recipient=recipient, redact=redact)
    except DomainError as exc:
        fail(gettext("The case was not exported.") + f"\n  {exc}")
        return

    def render() -> None:
        click.echo(ngettext("Exported %(reference)s with %(count)d file to %(out)s.",
                            "Exported %(reference)s with %(count)d files to %(out)s.", data["files"])
                   % {"reference": reference, "count": data["files"], "out": out})
        if data["encrypted"]:
            click.echo(gettext("Encrypted to the recipient's key: only their instance can open it."))
        click.echo(gettext("Signed: %(signature)s (key %(fingerprint)s). The recipient checks it with")
                   % {"signature": data["signature"], "fingerprint": data["fingerprint"]})
        click.echo(f"  python -m article3.interchange.signing {out.name} --fingerprint {data['fingerprint']}")

    emit(fmt, data, render)


@case.command("signing-key", help=_("Print the fingerprint of the key that signs exported packages, to give to "
                                     "recipients."))
@FORMAT
def case_signing_key(fmt: str) -> None:
    from article3 import datadir
    from article3.interchange.signing import fingerprint, signing_key

    found = fingerprint(signing_key(datadir.instance_key()).public_key())
    emit(fmt, {"fingerprint": found}, lambda: click.echo(
        gettext("Packages exported here are signed by key %(fingerprint)s.") % {"fingerprint": found} + "\n"
        + gettext("Give this fingerprint to recipients by a channel other than the package itself (a call, a "
                  "letter).")))


@case.command("verify-package", help=_("Check an exported package against its .sig file (exit 1 if it was "
                                        "altered)."))
@click.argument("package", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--fingerprint", help=_("The key fingerprint the sender gave you."))
@FORMAT
def case_verify_package(package: Path, fingerprint: str | None, fmt: str) -> None:
    from article3.interchange.signing import verify_package

    verdict = verify_package(package, expect=fingerprint)
    emit(fmt, {"ok": verdict.ok, "message": verdict.message, "fingerprint": verdict.fingerprint},
         lambda: click.echo(verdict.words.text()))
    if not verdict.ok:
        sys.exit(1)


@case.command("show", help=_("Print the whole case record, every field of every row, decrypted (for the "
                              "operator)."))
@click.argument("reference")
@ORG
@FORMAT
def case_show(reference: str, org_slug: str, fmt: str) -> None:
    from article3.interchange.record import case_record_show

    record = case_record_show(actor=operator(), case=case_by_reference(org_slug, reference))
    import yaml

    emit(fmt, record, lambda: click.echo(yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)))


@case.command("receiving-key", help=_("Print the public key that senders encrypt case packages to (`case export "
                                       "--to`)."))
@FORMAT
def case_receiving_key(fmt: str) -> None:
    from article3 import datadir
    from article3.interchange.handoff import receiving_key

    key = receiving_key(datadir.instance_key())
    emit(fmt, {"receiving_key": key}, lambda: click.echo(
        f"{key}\n" + gettext("Senders encrypt packages for this instance with") + "\n"
        f"  article3 case export REF OUT.zip --to {key}\n"
        + gettext("It is a public key: it can be sent by e-mail. `case import` here decrypts what is encrypted "
                  "to it.")))
