from pathlib import Path

import click
from django.utils.translation import gettext

from article3.cli import FORMAT, ORG, _, case_by_reference, docs, emit, fail, operator

# DocKind's values; spelled out because models cannot be imported before Django is set up.
KINDS = ("declaration", "exhibit_list", "translation_certificate", "service_certificate", "brief",
         "un_cat_communication", "rule39_request", "hearing_outline", "cross_examination", "stay_motion",
         "appeal_grounds", "changed_conditions")
# Short names of the urgent requests (issue 20): the interim-measures requests under their rule's name.
ALIASES = {"rule39": "rule39_request", "cat_rule114": "un_cat_communication"}


@docs.command("generate", help=_("Generate a document from the case: declaration, exhibit list, certificates, brief, "
                                  "international requests."))
@click.argument("reference")
@click.option("--kind", required=True, type=click.Choice((*KINDS, *ALIASES)),
              help=_("Which document to generate (rule39 and cat_rule114 are the Rule 39 request and the UN CAT "
                     "communication with its rule 114 request)."))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help=_("FILE.docx to write."))
@click.option("--document", "document_key", default="",
              help=_("translation_certificate: the translated document's key."))
@click.option("--served-on", default="", help=_("service_certificate: who was served."))
@click.option("--method", default="", help=_("service_certificate: how (hand, mail, e-filing...)."))
@click.option("--date", "served_date", default="", help=_("service_certificate: when (YYYY-MM-DD)."))
@click.option("--by-whom", default="", help=_("service_certificate: who served."))
@click.option("--documents-served", default="", help=_("service_certificate: what was served."))
@click.option("--state-party", default="",
              help=_("un_cat_communication, rule39_request: the State the request is brought against, as a "
                     "two-letter code (CA); only States that accept it are allowed."))
@click.option("--removal-date", default="",
              help=_("un_cat_communication, rule39_request: planned removal (YYYY-MM-DD)."))
@click.option("--removal-details", default="",
              help=_("un_cat_communication, rule39_request: flight, place, escort..."))
@click.option("--pdf", is_flag=True, help=_("Also write FILE.pdf (needs LibreOffice)."))
@ORG
@FORMAT
def docs_generate(reference: str, kind: str, out: Path, document_key: str, served_on: str, method: str,
                  served_date: str, by_whom: str, documents_served: str, state_party: str, removal_date: str,
                  removal_details: str, pdf: bool, org_slug: str, fmt: str) -> None:
    from article3.docs.services import document_generate
    from article3.evidence.storage import vault

    case = case_by_reference(org_slug, reference)
    kind = ALIASES.get(kind, kind)
    options = {"document": document_key, "served_on": served_on, "method": method, "date": served_date,
               "by_whom": by_whom, "documents_served": documents_served, "state_party": state_party,
               "removal_date": removal_date, "removal_details": removal_details}
    generated = document_generate(actor=operator(), case=case, kind=kind, options=options, pdf=pdf)
    if generated.status != "done":
        fail(gettext("The document was not generated: %(problem)s") % {"problem": generated.error_message})
    with vault().open(generated.docx_sha256) as handle:
        out.write_bytes(handle.read())
    pdf_path = out.with_suffix(".pdf") if generated.pdf_sha256 else None
    if pdf_path is not None:
        with vault().open(generated.pdf_sha256) as handle:
            pdf_path.write_bytes(handle.read())
    data = {"id": generated.pk, "kind": kind, "file": str(out), "pdf": str(pdf_path) if pdf_path else None,
            "sha256": generated.docx_sha256, "warnings": generated.warnings}

    def render() -> None:
        click.echo(gettext("Wrote %(file)s and %(pdf)s") % {"file": out, "pdf": pdf_path} if pdf_path
                   else gettext("Wrote %(file)s") % {"file": out})
        for warning in generated.warnings:
            click.echo(gettext("Warning: %(message)s") % {"message": warning})

    emit(fmt, data, render)
