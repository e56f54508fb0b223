import click

from article3.cli import FORMAT, cli, emit


@cli.command("verify")
@click.option("--fix", is_flag=True, help="Remove orphaned vault files and leftovers of interrupted writes.")
@FORMAT
def verify(fix: bool, fmt: str) -> None:
    """Check the audit chain (and the evidence vault) for damage or tampering."""
    from article3.audit.services import chain_verify
    from article3.integrity import integrity_check

    chain = chain_verify()
    vault = integrity_check(fix=fix)
    data = {"ok": chain.ok and vault["ok"], "audit": chain.as_json(), "vault": vault}

    def render() -> None:
        if chain.ok:
            click.echo(f"Audit chain intact: {chain.entries} entries, head {chain.head_seq} {chain.head_hash[:16]}.")
        else:
            click.echo(f"AUDIT CHAIN BROKEN at entry {chain.first_broken_seq}: {chain.problem}.")
        click.echo(vault["summary"])

    emit(fmt, data, render)
    if not data["ok"]:
        raise SystemExit(1)
