"""Detached signatures for exported case packages, checkable offline by whoever receives one.

`case export OUT.zip` also writes `OUT.zip.sig` beside the package; the package itself stays
exactly as spec/case-package.md says. The signature file states the package's SHA-256 and size
and carries an Ed25519 signature over that statement, with the public key that made it. The
signing key is derived from the instance key (HKDF-SHA256, its own `info`), so it needs no
safekeeping of its own. A signature proves the package is unchanged since the key's holder
signed it; who the holder is, the recipient learns by comparing the key's fingerprint with the
one the sending organisation gave them (`article3 case signing-key` prints it).

Checking needs only Python and `cryptography`, no data folder and no database:
    python -m article3.interchange.signing OUT.zip [--fingerprint FP]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from article3.words import Words, gettext_noop

FORMAT = "article3-signature/1"
INFO = b"article3 package signing v1"
CHUNK = 1024 * 1024


def signing_key(instance_key: bytes) -> Ed25519PrivateKey:
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(instance_key)
    return Ed25519PrivateKey.from_private_bytes(seed)


def fingerprint(public: Ed25519PublicKey) -> str:
    """What people compare: the first 128 bits of the key's SHA-256, in groups of four."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return ":".join(digest[i:i + 4] for i in range(0, 32, 4))


def signature_path(package: Path) -> Path:
    return package.with_name(package.name + ".sig")


def _digest(path: Path) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def _statement(sha256: str, size: int) -> bytes:
    return f"{FORMAT}\nsha256 {sha256}\nsize {size}\n".encode()


def sign_package(package: Path, instance_key: bytes) -> dict[str, str | int]:
    """Write `<package>.sig` (temp file, fsync, rename) and return what it states."""
    key = signing_key(instance_key)
    sha256, size = _digest(package)
    signed: dict[str, str | int] = {
        "format": FORMAT, "file": package.name, "sha256": sha256, "size": size, "algorithm": "Ed25519",
        "public_key": base64.b64encode(key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode(),
        "fingerprint": fingerprint(key.public_key()),
        "signature": base64.b64encode(key.sign(_statement(sha256, size))).decode(),
    }
    target = signature_path(package)
    partial = target.with_name(target.name + ".partial")
    with partial.open("w") as out:
        json.dump(signed, out, indent=2)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    partial.replace(target)
    return signed


@dataclass(frozen=True)
class Verdict:
    ok: bool
    words: Words  # what to tell the person checking, worded in their language by `text()`
    fingerprint: str = ""

    @property
    def message(self) -> str:
        """In English, for scripts (`--format json`)."""
        return str(self.words)


def verify_package(package: Path, *, signature: Path | None = None, expect: str | None = None) -> Verdict:
    """Whether `package` is exactly what its signature file states, signed by the key it names
    (and, given `expect`, whether that key has the expected fingerprint)."""
    where = signature or signature_path(package)
    try:
        signed = json.loads(where.read_text())
        if signed.get("format") != FORMAT:
            return Verdict(False, Words(gettext_noop("%(file)s is not an %(format)s signature file."),
                                        {"file": where.name, "format": FORMAT}))
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(signed["public_key"], validate=True))
        raw_signature = base64.b64decode(signed["signature"], validate=True)
        stated_sha, stated_size = str(signed["sha256"]), int(signed["size"])
    except FileNotFoundError:
        return Verdict(False, Words(gettext_noop("No signature file %(file)s beside the package."),
                                    {"file": where.name}))
    except (ValueError, KeyError, TypeError):
        return Verdict(False, Words(gettext_noop("%(file)s is damaged: it cannot be read as a signature file."),
                                    {"file": where.name}))
    found = fingerprint(public)
    if expect is not None and expect.strip().lower() != found:
        return Verdict(False, Words(gettext_noop("Signed by key %(found)s, not by the expected %(expected)s."),
                                    {"found": found, "expected": expect.strip()}), found)
    try:
        public.verify(raw_signature, _statement(stated_sha, stated_size))
    except InvalidSignature:
        return Verdict(False, Words(gettext_noop("The signature in %(file)s does not match what it states: it was "
                                                 "altered."), {"file": where.name}), found)
    sha256, size = _digest(package)
    if (sha256, size) != (stated_sha, stated_size):
        return Verdict(False, Words(gettext_noop("%(package)s has changed since it was signed (its SHA-256 is not the "
                                                 "one signed)."), {"package": package.name}), found)
    return Verdict(True, Words(gettext_noop("%(package)s is unchanged since key %(found)s signed it."),
                               {"package": package.name, "found": found}), found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check an exported case package against its .sig file.")
    parser.add_argument("package", type=Path)
    parser.add_argument("--signature", type=Path, help="the signature file (default: PACKAGE.sig)")
    parser.add_argument("--fingerprint", help="the key fingerprint the sender gave you")
    args = parser.parse_args(argv)
    verdict = verify_package(args.package, signature=args.signature, expect=args.fingerprint)
    print(verdict.message)
    if verdict.ok and args.fingerprint is None:
        print("Compare this fingerprint with the one the sender gave you.")
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
