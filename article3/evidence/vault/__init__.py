"""Encrypted, content-addressed storage for evidence files.

Each blob is named by the SHA-256 of its plaintext and sealed with AES-256-GCM under its own
random data key, which is wrapped by the instance key (held outside the vault and database).
See blobformat for the on-disk layout.
"""

from article3.evidence.vault.backend import Backend, LocalBackend
from article3.evidence.vault.errors import (
    BlobNotFound,
    VaultCorruption,
    VaultError,
    VaultKeyError,
)
from article3.evidence.vault.keys import (
    InstanceKeyError,
    key_fingerprint,
    load_or_create_instance_key,
)
from article3.evidence.vault.store import FixResult, PlainChunks, PutResult, Vault, VerifyReport

__all__ = [
    "Backend",
    "BlobNotFound",
    "FixResult",
    "InstanceKeyError",
    "LocalBackend",
    "PlainChunks",
    "PutResult",
    "Vault",
    "VaultCorruption",
    "VaultError",
    "VaultKeyError",
    "VerifyReport",
    "key_fingerprint",
    "load_or_create_instance_key",
]
