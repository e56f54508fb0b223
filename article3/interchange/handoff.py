"""Encrypted hand-off of case packages: age (X25519), https://age-encryption.org/v1, through pyrage.

`case export REF OUT --to age1...` encrypts the package to the recipient's public key; the recipient's
`case import OUT` decrypts it with their instance's receiving key. That key is derived from the
instance key (HKDF-SHA256 with its own `info`, like the signing key), so it needs no safekeeping of
its own; `case receiving-key` prints the public half to hand out. The detached signature is made
over the encrypted file, so a recipient can check it before decrypting anything.
"""

from pathlib import Path

import pyrage
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pyrage import x25519

from article3.errors import DomainError

INFO = b"article3 package receiving v1"
MAGIC = b"age-encryption.org/v1\n"

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values: list[int]) -> int:
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def bech32(hrp: str, data: bytes) -> str:
    """Bech32 (BIP 173, the variant age uses, without the 90-character limit)."""
    words, acc, bits = [], 0, 0
    for byte in data:
        acc = acc << 8 | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            words.append(acc >> bits & 31)
    if bits:
        words.append(acc << (5 - bits) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = _polymod(expanded + words + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[w] for w in words + checksum)


def receiving_identity(instance_key: bytes) -> x25519.Identity:
    secret = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(instance_key)
    return x25519.Identity.from_str(bech32("age-secret-key-", secret).upper())


def receiving_key(instance_key: bytes) -> str:
    """The public key (age1...) that others encrypt packages to."""
    return str(receiving_identity(instance_key).to_public())


def recipient_parse(text: str) -> x25519.Recipient:
    try:
        return x25519.Recipient.from_str(text.strip())
    except Exception as exc:  # pyrage raises its own RecipientError, or ValueError for bad encodings
        raise DomainError("The recipient key is not an age public key (it starts with age1). Ask the "
                          "recipient to run `article3 case receiving-key` and send you what it prints.") from exc


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def package_encrypt(*, plain: Path, out: Path, recipient: x25519.Recipient) -> None:
    pyrage.encrypt_file(str(plain), str(out), [recipient])


def package_decrypt(*, encrypted: Path, out: Path, instance_key: bytes) -> None:
    """Decrypt with this instance's receiving key; a clear DomainError if it was meant for someone else."""
    try:
        pyrage.decrypt_file(str(encrypted), str(out), [receiving_identity(instance_key)])
    except pyrage.DecryptError as exc:
        raise DomainError(
            f"{encrypted.name} is encrypted for another recipient, or damaged: it cannot be opened with this "
            "instance's key. Ask the sender to encrypt it to the key `article3 case receiving-key` prints here."
        ) from exc
