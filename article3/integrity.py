"""`article3 verify` for the vault: every blob re-hashed, orphans and leftovers found."""

from typing import Any


def integrity_check(*, fix: bool) -> dict[str, Any]:
    from article3.evidence.storage import vault_verify

    return vault_verify(fix=fix)
