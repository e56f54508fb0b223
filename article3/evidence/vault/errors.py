"""Errors raised by the vault. Messages name the blob by its hash, never by content."""


class VaultError(Exception):
    """Base class for every vault failure."""


class BlobNotFound(VaultError, KeyError):
    """No blob with this hash is stored."""

    def __init__(self, sha: str) -> None:
        super().__init__(f"vault blob {sha} is not stored")
        self.sha = sha

    def __str__(self) -> str:
        # KeyError would print the repr of the message; keep it readable.
        return str(self.args[0])


class VaultCorruption(VaultError):
    """A blob failed authentication or does not hash to its name."""

    def __init__(self, sha: str, reason: str) -> None:
        super().__init__(f"vault blob {sha} is corrupt: {reason}")
        self.sha = sha
        self.reason = reason


class VaultKeyError(VaultError):
    """The blob was written under a different instance key than the one this vault holds."""

    def __init__(self, sha: str, *, expected: str, found: str) -> None:
        super().__init__(
            f"vault blob {sha} was written with instance key {found}, but this vault was opened "
            f"with key {expected}: check the instance key file (fingerprints, not keys, shown)"
        )
        self.sha = sha
