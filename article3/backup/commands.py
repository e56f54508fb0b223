"""Operator commands: `backup`, `restore` and `retention purge`."""

from pathlib import Path
from typing import Any

import click

from article3.cli import FORMAT, ORG, cli, emit, fail, operator, table
from article3.errors import DomainError


@cli.command("backup")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@FORMAT
def backup(out: Path, fmt: str) -> None:
    """Back up the database, the vault and the audit-chain head to OUT (a new folder).

    The instance key is never in a backup: keep it, and the head printed here, elsewhere.
    """
    from article3.backup.backup import backup_create

    try:
        result = backup_create(actor=operator(), out=out)
    except DomainError as exc:
        fail(str(exc))
        return
    seq, digest = result.audit_head

    def render() -> None:
        click.echo(f"Backed up {sum(result.rows.values())} rows and {result.blobs} files "
                   f"({result.bytes / 1_048_576:.1f} MB) to {result.folder}.")
        click.echo(f"Audit chain head: {seq} {digest}  (keep it somewhere else too; "
                   f"`article3 verify --head {seq}:{digest}` checks the log still reaches it)")
        click.echo(f"The instance key is NOT in the backup. It is at {result.key_path} "
                   f"(fingerprint {result.key_fingerprint}); without it the backup cannot be restored.")

    emit(fmt, result.as_json(), render)


@cli.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--verify", is_flag=True,
              help="Then decrypt and re-hash every vault file, and check the audit chain up to its recorded head.")
@FORMAT
def restore(folder: Path, verify: bool, fmt: str) -> None:
    """Restore a backup into an empty data folder and an empty database.

    Every file is checked against the backup's manifest first, and the instance key against
    the fingerprint recorded in it; nothing is written unless all of that holds.
    """
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
        click.echo(f"Restored {sum(result.rows.values())} rows and {result.files} files; "
                   f"audit head {seq} {digest[:16]}.")
        if checked is not None:
            click.echo(f"Verified: {checked.files_checked} backup files match the manifest; "
                       f"{checked.blobs_intact} vault files decrypt and hash correctly, "
                       f"{len(checked.blobs_damaged)} damaged, {len(checked.blobs_missing)} missing.")
            chain = checked.chain
            click.echo(f"Audit chain intact: {chain.entries} entries, reaching the recorded head." if chain.ok
                       else f"AUDIT CHAIN BROKEN at entry {chain.first_broken_seq}: {chain.problem}.")

    emit(fmt, result.as_json(), render)
    if checked is not None and not checked.ok:
        raise SystemExit(1)


@cli.group()
def retention() -> None:
    """Retention of closed cases."""


@retention.command("set")
@ORG
@click.option("--days", type=click.IntRange(min=1), help="Days a closed case is kept before it is purged.")
@click.option("--off", is_flag=True, help="Keep closed cases until someone deletes them.")
@FORMAT
def retention_set(org_slug: str, days: int | None, off: bool, fmt: str) -> None:
    """Set how long the organisation keeps closed cases."""
    from article3.accounts.models import Organisation
    from article3.retention import retention_period_set

    organisation = Organisation.objects.filter(slug=org_slug).first()
    if organisation is None or (days is None) == (not off):
        fail(f"No organisation '{org_slug}'." if organisation is None else "Give either --days N or --off.")
        return
    retention_period_set(actor=operator(), organisation=organisation, days=None if off else days)
    emit(fmt, {"org": org_slug, "retention_days_after_close": days}, lambda: click.echo(
        f"{org_slug}: closed cases are kept {days} days, then purged." if days else
        f"{org_slug}: closed cases are kept until someone deletes them."))


@retention.command("purge")
@click.option("--dry-run", is_flag=True, help="List what would be purged; change nothing.")
@FORMAT
def retention_purge(dry_run: bool, fmt: str) -> None:
    """Purge closed cases kept longer than their organisation's retention period; shred their files."""
    from article3.retention import retention_purge as purge

    purged = purge(actor=operator(), dry_run=dry_run)
    data: dict[str, Any] = {"dry_run": dry_run, "cases": [p.as_json() for p in purged]}

    def render() -> None:
        if not purged:
            click.echo("No closed case is past its retention period.")
            return
        verb = "Would purge" if dry_run else "Purged"
        table(f"{verb} {len(purged)} case(s)", ["case id", "closed", "records", "files shredded"],
              [(p.case_id, p.closed_at.date() if p.closed_at else "", sum(p.rows.values()), p.files_shredded)
               for p in purged])

    emit(fmt, data, render)
