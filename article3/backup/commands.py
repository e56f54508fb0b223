"""Operator commands: `backup`, `restore` and `retention purge`."""

from pathlib import Path
from typing import Any

import click
from django.utils.translation import gettext, ngettext

from article3.cli import FORMAT, ORG, _, cli, emit, fail, no_organisation, operator, table
from article3.errors import DomainError


def _rows(count: int) -> str:
    return ngettext("%(count)d row", "%(count)d rows", count) % {"count": count}


def _files(count: int) -> str:
    return ngettext("%(count)d file", "%(count)d files", count) % {"count": count}


@cli.command("backup", help=_("Back up the database, the vault and the audit-chain head to OUT (a new folder).\n\n"
                              "The instance key is never in a backup: keep it, and the head printed here, "
                              "elsewhere."))
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@FORMAT
def backup(out: Path, fmt: str) -> None:
    from article3.backup.backup import backup_create

    try:
        result = backup_create(actor=operator(), out=out)
    except DomainError as exc:
        fail(str(exc))
        return
    seq, digest = result.audit_head

    def render() -> None:
        click.echo(gettext("Backed up %(rows)s and %(files)s (%(megabytes).1f MB) to %(folder)s.") % {
            "rows": _rows(sum(result.rows.values())), "files": _files(result.blobs),
            "megabytes": result.bytes / 1_048_576, "folder": result.folder})
        click.echo(gettext("Audit chain head: %(head)s  (keep it somewhere else too; `%(command)s` checks the log "
                           "still reaches it)") % {"head": f"{seq} {digest}",
                                                   "command": f"article3 verify --head {seq}:{digest}"})
        click.echo(gettext("The instance key is NOT in the backup. It is at %(path)s (fingerprint %(fingerprint)s); "
                           "without it the backup cannot be restored.")
                   % {"path": result.key_path, "fingerprint": result.key_fingerprint})

    emit(fmt, result.as_json(), render)


@cli.command("restore", help=_("Restore a backup into an empty data folder and an empty database.\n\n"
                               "Every file is checked against the backup's manifest first, and the instance key "
                               "against the fingerprint recorded in it; nothing is written unless all of that "
                               "holds."))
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--verify", is_flag=True,
              help=_("Then decrypt and re-hash every vault file, and check the audit chain up to its recorded "
                     "head."))
@FORMAT
def restore(folder: Path, verify: bool, fmt: str) -> None:
    from article3.backup.manifest import BackupError
    from article3.backup.restore import backup_restore

    try:
        result = backup_restore(actor=operator(), folder=folder, verify=verify)
    except BackupError as exc:
        fail(str(exc))
        return
    checked = result.verification

    def render() -> None:
        seq, digest = result.audit_head
        click.echo(gettext("Restored %(rows)s and %(files)s; audit head %(head)s.") % {
            "rows": _rows(sum(result.rows.values())), "files": _files(result.files), "head": f"{seq} {digest[:16]}"})
        if checked is not None:
            click.echo(gettext("Verified. Backup files that match the manifest: %(files)d. Vault files that decrypt "
                               "and hash correctly: %(intact)d; damaged: %(damaged)d; missing: %(missing)d.") % {
                "files": checked.files_checked, "intact": checked.blobs_intact,
                "damaged": len(checked.blobs_damaged), "missing": len(checked.blobs_missing)})
            chain = checked.chain
            if chain.ok:
                click.echo(ngettext("Audit chain intact: %(count)d entry, reaching the recorded head.",
                                    "Audit chain intact: %(count)d entries, reaching the recorded head.",
                                    chain.entries) % {"count": chain.entries})
            else:
                click.echo(gettext("AUDIT CHAIN BROKEN at entry %(seq)s: %(problem)s.")
                           % {"seq": chain.first_broken_seq, "problem": chain.problem})

    emit(fmt, result.as_json(), render)
    if checked is not None and not checked.ok:
        raise SystemExit(1)


@cli.group(help=_("Retention of closed cases."))
def retention() -> None:
    pass


@retention.command("set", help=_("Set how long the organisation keeps closed cases."))
@ORG
@click.option("--days", type=click.IntRange(min=1), help=_("Days a closed case is kept before it is purged."))
@click.option("--off", is_flag=True, help=_("Keep closed cases until someone deletes them."))
@FORMAT
def retention_set(org_slug: str, days: int | None, off: bool, fmt: str) -> None:
    from article3.accounts.models import Organisation
    from article3.retention import retention_period_set

    organisation = Organisation.objects.filter(slug=org_slug).first()
    if organisation is None or (days is None) == (not off):
        fail(no_organisation(org_slug) if organisation is None else gettext("Give either --days N or --off."))
        return
    retention_period_set(actor=operator(), organisation=organisation, days=None if off else days)
    emit(fmt, {"org": org_slug, "retention_days_after_close": days}, lambda: click.echo(
        ngettext("%(org)s: closed cases are kept %(days)d day, then purged.",
                 "%(org)s: closed cases are kept %(days)d days, then purged.", days) % {"org": org_slug, "days": days}
        if days else gettext("%(org)s: closed cases are kept until someone deletes them.") % {"org": org_slug}))


@retention.command("purge", help=_("Purge closed cases kept longer than their organisation's retention period; "
                                   "shred their files."))
@click.option("--dry-run", is_flag=True, help=_("List what would be purged; change nothing."))
@FORMAT
def retention_purge(dry_run: bool, fmt: str) -> None:
    from article3.retention import retention_purge as purge

    purged = purge(actor=operator(), dry_run=dry_run)
    data: dict[str, Any] = {"dry_run": dry_run, "cases": [p.as_json() for p in purged]}

    def render() -> None:
        if not purged:
            click.echo(gettext("No closed case is past its retention period."))
            return
        count = len(purged)
        title = (ngettext("Would purge %(count)d case", "Would purge %(count)d cases", count) if dry_run
                 else ngettext("Purged %(count)d case", "Purged %(count)d cases", count)) % {"count": count}
        table(title, [gettext("case id"), gettext("closed"), gettext("records"), gettext("files shredded")],
              [(p.case_id, p.closed_at.date() if p.closed_at else "", sum(p.rows.values()), p.files_shredded)
               for p in purged])

    emit(fmt, data, render)
