"""The data folder: where the database, the vault and the instance key live.

Any `article3` command calls `ensure()` first, so a new folder is ready on first use.
"""

import os
import secrets
from pathlib import Path


def root() -> Path:
    return Path(os.environ.get("ARTICLE3_DATA", "var")).resolve()


def key_path() -> Path:
    configured = os.environ.get("ARTICLE3_KEY_FILE")
    return Path(configured).resolve() if configured else root() / "instance.key"


def ensure() -> Path:
    """Create the data folder and its instance key if they do not exist yet; each new folder's
    entry is fsynced in its parent, so a power cut cannot take a folder that already holds
    acknowledged files."""
    from article3.evidence.vault.fsutil import make_dirs_durable

    folder = root()
    make_dirs_durable(folder / "vault", stop=Path(folder.anchor))
    instance_key()
    return folder


def secret_key() -> str:
    """Django's signing key, kept beside the instance key and created on first use (durably:
    an empty key file after a power cut would stop the application from starting)."""
    from article3.evidence.vault.keys import create_secret_file

    path = root() / "secret.key"
    if not path.exists():
        create_secret_file(path, secrets.token_urlsafe(50).encode())
    return path.read_text().strip()


def instance_key() -> bytes:
    """The key that wraps every file key. It never enters the database, the vault or a backup."""
    from article3.evidence.vault import load_or_create_instance_key

    return load_or_create_instance_key(key_path())
