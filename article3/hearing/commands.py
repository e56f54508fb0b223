import click

from article3.cli import FORMAT, ORG, case_by_reference, cli, emit, operator, table


@cli.group()
def hearing() -> None:
    """Hearing preparation: anticipated questions from the record."""


@hearing.command("prep")
@click.argument("reference")
@ORG
@FORMAT
def hearing_prep(reference: str, org_slug: str, fmt: str) -> None:
    """The anticipated cross-examination questions, with pinpoints in bundle pages of the last build."""
    from article3.audit.services import audit_record
    from article3.hearing.questions import preparation

    case = case_by_reference(org_slug, reference)
    prep = preparation(case=case)
    audit_record(actor=operator(), action="hearing.prep.exported", object_key=case.reference,
                 organisation_id=case.organisation_id, case_id=case.pk)

    def render() -> None:
        built = f"bundle build {prep.pages.build_id}" if prep.pages.build_id else "no bundle built yet"
        table(f"Anticipated questions for {case.reference} ({built})", ["#", "Question", "Comes from", "Answer"],
              [(n, q.text, q.source, _answer(q)) for n, q in enumerate(prep.questions, start=1)])

    emit(fmt, prep.as_json(), render)


def _answer(question: object) -> str:
    answer = getattr(question, "answer", None)
    if answer is None:
        return "not yet answered"
    return f"{answer.answer} ({'approved' if answer.approved else 'awaiting approval'})"
