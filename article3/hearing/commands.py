import click
from django.utils.translation import gettext

from article3.cli import FORMAT, ORG, _, case_by_reference, cli, emit, operator, table


@cli.group(help=_("Hearing preparation: anticipated questions from the record."))
def hearing() -> None:
    pass


@hearing.command("prep", help=_("The anticipated cross-examination questions, with pinpoints in bundle pages of the "
                                "last build."))
@click.argument("reference")
@ORG
@FORMAT
def hearing_prep(reference: str, org_slug: str, fmt: str) -> None:
    from article3.audit.services import audit_record
    from article3.hearing.questions import preparation

    case = case_by_reference(org_slug, reference)
    prep = preparation(case=case)
    audit_record(actor=operator(), action="hearing.prep.exported", object_key=case.reference,
                 organisation_id=case.organisation_id, case_id=case.pk)

    def render() -> None:
        title = (gettext("Anticipated questions for %(reference)s (bundle build %(build)s)") if prep.pages.build_id
                 else gettext("Anticipated questions for %(reference)s (no bundle built yet)"))
        table(title % {"reference": case.reference, "build": prep.pages.build_id},
              ["#", gettext("Question"), gettext("Comes from"), gettext("Answer")],
              [(n, q.text, q.source, _answer(q)) for n, q in enumerate(prep.questions, start=1)])

    emit(fmt, prep.as_json(), render)


def _answer(question: object) -> str:
    answer = getattr(question, "answer", None)
    if answer is None:
        return gettext("not yet answered")
    return (gettext("%(answer)s (approved)") if answer.approved
            else gettext("%(answer)s (awaiting approval)")) % {"answer": answer.answer}
