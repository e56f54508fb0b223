import datetime
from typing import Any

import click
from django.utils.translation import gettext, ngettext

from article3.cli import FORMAT, ORG, _, case_by_reference, cli, emit, operator, organisation_by_slug, table


@cli.command("verify", help=_("Check the audit chain (and the evidence vault) for damage or tampering."))
@click.option("--fix", is_flag=True, help=_("Remove orphaned vault files and leftovers of interrupted writes."))
@click.option("--head", "head", default="", metavar="SEQ:HASH",
              help=_("The audit head last printed by a backup or the daily log line: the log must still reach it."))
@FORMAT
def verify(fix: bool, head: str, fmt: str) -> None:
    from article3.audit.services import chain_verify, parse_head
    from article3.integrity import integrity_check

    try:
        anchor = parse_head(head) if head else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--head") from None
    chain = chain_verify(anchor=anchor)
    vault = integrity_check(fix=fix)
    data = {"ok": chain.ok and vault["ok"], "audit": chain.as_json(), "vault": vault}

    def render() -> None:
        if chain.ok:
            click.echo(ngettext("Audit chain intact: %(count)d entry, head %(head)s.",
                                "Audit chain intact: %(count)d entries, head %(head)s.", chain.entries)
                       % {"count": chain.entries, "head": f"{chain.head_seq} {chain.head_hash[:16]}"})
        else:
            click.echo(chain_broken(chain))
        click.echo(vault["summary"])

    emit(fmt, data, render)
    if not data["ok"]:
        raise SystemExit(1)


def chain_broken(chain: Any) -> str:
    return gettext("AUDIT CHAIN BROKEN at entry %(seq)s: %(problem)s.") % {"seq": chain.first_broken_seq,
                                                                            "problem": chain.problem}


@cli.group(help=_("The audit log: who viewed, downloaded, exported or changed what, and when."))
def audit() -> None:
    pass


@audit.command("show", help=_("Show the audit log of a case (by reference), or of the whole organisation. Reading it "
                                "is recorded."))
@click.argument("reference", required=False)
@ORG
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help=_("Only entries from this day on (YYYY-MM-DD)."))
@FORMAT
def audit_show(reference: str | None, org_slug: str, since: datetime.datetime | None, fmt: str) -> None:
    from article3.audit import selectors
    from article3.audit.services import audit_record, chain_verify

    if reference:
        case = case_by_reference(org_slug, reference)
        entries = selectors.entries_for_case(case_id=case.pk)
        audit_record(actor=operator(), action="audit.log.viewed", obj=case, object_key=str(case.public_id),
                     organisation_id=case.organisation_id, case_id=case.pk)
    else:
        organisation = organisation_by_slug(org_slug)
        entries = selectors.entries_for_organisation(organisation_id=organisation.pk)
        audit_record(actor=operator(), action="audit.log.viewed", organisation_id=organisation.pk)
    shown = selectors.entries_filtered(entries, since=since.date() if since else None)
    rows = list(reversed(selectors.rows_for(list(shown))))  # oldest first, as a log reads
    chain = chain_verify()
    data = {"reference": reference, "organisation": org_slug, "chain": chain.as_json(),
            "entries": [r.as_json() for r in rows]}

    def render() -> None:
        table(gettext("Audit log of %(subject)s") % {"subject": reference or org_slug},
              [gettext("when (UTC)"), gettext("who"), gettext("what"), gettext("about"), gettext("case")],
              [(f"{r.at:%Y-%m-%d %H:%M:%S}", r.actor, r.action_words, r.about, r.case_reference) for r in rows])
        click.echo(gettext("Audit chain intact.") if chain.ok else chain_broken(chain))

    emit(fmt, data, render)
