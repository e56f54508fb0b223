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
    """Create the data folder and its instance key if they do not exist yet."""
    folder = root()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    (folder / "vault").mkdir(exist_ok=True, mode=0o700)
    instance_key()
    return folder


def secret_key() -> str:
    """Django's signing key, kept beside the instance key and created on first use."""
    path = root() / "secret.key"
    if not path.exists():
        root().mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def instance_key() -> bytes:
    """The key that wraps every file key. It never enters the database, the vault or a backup."""
    from article3.evidence.vault import load_or_create_instance_key

    return load_or_create_instance_key(key_path())
