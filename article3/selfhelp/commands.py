"""`article3 case decrypt`: open a package encrypted to a person's own age key, for `case import`.

A package encrypted to this instance's receiving key (`case receiving-key`) needs no decrypting first:
`case import` opens it. One encrypted to a lawyer's own key (age-keygen) is decrypted with that key's
identity file here, or with `age -d -i FILE`.
"""

from pathlib import Path

import click
import pyrage
from django.utils.translation import gettext, ngettext
from pyrage import x25519

from article3.cli import FORMAT, _, case, cli, emit, fail, operator


@case.command("decrypt", help=_("Decrypt an .article3.age package with an age identity file; then `case import "
                                 "OUT`."))
@click.argument("package", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--identity", "identity_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=_("The age identity file (AGE-SECRET-KEY-1...) the package was encrypted to."))
@FORMAT
def case_decrypt(package: Path, out: Path, identity_file: Path, fmt: str) -> None:
    lines = [line.strip() for line in identity_file.read_text().splitlines()]
    try:
        identities = [x25519.Identity.from_str(line) for line in lines if line.startswith("AGE-SECRET-KEY-")]
    except Exception:  # pyrage raises its own IdentityError
        identities = []
    if not identities:
        fail(gettext("%(file)s holds no age identity (a line starting AGE-SECRET-KEY-1).") % {"file": identity_file})
        return
    try:
        pyrage.decrypt_file(str(package), str(out), identities)
    except pyrage.DecryptError:
        fail(gettext("%(file)s is not encrypted to this identity, or it is damaged.") % {"file": package.name})
        return
    out.chmod(0o600)
    emit(fmt, {"package": str(out)}, lambda: click.echo(
        gettext("Decrypted to %(out)s. Import it with") % {"out": out} + f"\n  article3 case import {out}"))


@cli.group(help=_("Self-help interviews (/help/)."))
def selfhelp() -> None:
    pass


@selfhelp.command("purge", help=_("Delete abandoned self-help interviews and their cases (run it from cron, e.g. "
                                  "nightly)."))
@click.option("--days", type=click.IntRange(min=1), default=90, show_default=True,
              help=_("Delete interviews neither handed over nor opened for this many days."))
@click.option("--dry-run", is_flag=True, help=_("Say what would be deleted, delete nothing."))
@FORMAT
def selfhelp_purge(days: int, dry_run: bool, fmt: str) -> None:
    from article3.selfhelp.services import interviews_purge

    purged = interviews_purge(actor=operator(), days=days, dry_run=dry_run)
    count = len(purged)
    said = (ngettext("Would delete %(count)d self-help interview not opened for %(days)d days.",
                     "Would delete %(count)d self-help interviews not opened for %(days)d days.", count) if dry_run
            else ngettext("Deleted %(count)d self-help interview not opened for %(days)d days.",
                          "Deleted %(count)d self-help interviews not opened for %(days)d days.", count))
    emit(fmt, {"dry_run": dry_run, "cases": [p.public_id for p in purged]},
         lambda: click.echo(said % {"count": count, "days": days}))
