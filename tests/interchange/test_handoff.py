"""Encrypted hand-off: packages encrypted to a recipient's age key, decrypted by the recipient's instance."""

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pyrage import x25519

from article3 import datadir
from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case, SafetyPlan
from article3.errors import DomainError
from article3.interchange import handoff
from article3.interchange.exporter import REDACTED_NAME, case_export
from article3.interchange.importer import case_import
from article3.interchange.schema import PackageError
from article3.interchange.signing import verify_package


def test_bech32_matches_the_reference_vectors() -> None:
    assert handoff.bech32("a", b"") == "a12uel5l"  # BIP 173 test vector
    assert handoff.bech32("abcdef", bytes.fromhex("00443214c74254b635cf84653a56d7c675be77df")) == (
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")


def test_the_receiving_key_is_the_x25519_key_derived_from_the_instance_key() -> None:
    instance_key = bytes(range(32))
    secret = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=handoff.INFO).derive(instance_key)
    public = X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert handoff.receiving_key(instance_key) == handoff.bech32("age", public)
    assert handoff.receiving_key(instance_key) != handoff.receiving_key(bytes(32))


@pytest.mark.django_db
def test_an_encrypted_redacted_package_opens_only_at_the_recipient(demo_case: Case, org_b: Organisation,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "demo.zip"
    data = case_export(actor="test", case=demo_case, out=out, redact=True,
                       recipient=handoff.receiving_key(datadir.instance_key()))
    assert data["encrypted"] and out.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert not zipfile.is_zipfile(out), "nothing of the package is readable without the key"
    assert b"Joseph Tabe" not in out.read_bytes()
    assert verify_package(out).ok, "the signature covers the encrypted file"
    copy = case_import(actor="test", organisation=org_b, path=out).case
    redacted = [p for p in demo_case.people.all() if p.redact]
    assert redacted, "the demo has people marked redact"
    for person in redacted:
        kept = copy.people.get(key=person.key)
        assert kept.name == REDACTED_NAME and kept.relation == "" and kept.redact
    assert copy.applicant.name == demo_case.applicant.name
    assert SafetyPlan.objects.get(case=demo_case).trusted_contacts
    assert not SafetyPlan.objects.get(case=copy).trusted_contacts
    entry = AuditEntry.objects.filter(action="interchange.case.exported").latest("pk")
    assert entry.detail["redacted"] is True and entry.detail["encrypted_to"].startswith("age1")


@pytest.mark.django_db
def test_a_package_for_someone_else_is_refused_clearly(demo_case: Case, org_b: Organisation, tmp_path: Path) -> None:
    someone_else = str(x25519.Identity.generate().to_public())
    case_export(actor="test", case=demo_case, out=tmp_path / "other.zip", recipient=someone_else)
    with pytest.raises(PackageError) as caught:
        case_import(actor="test", organisation=org_b, path=tmp_path / "other.zip")
    assert caught.value.problems[0].startswith("other.zip is encrypted for another recipient")
    assert not Case.objects.filter(organisation=org_b).exists()


@pytest.mark.django_db
def test_a_bad_recipient_key_writes_nothing(demo_case: Case, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="not an age public key"):
        case_export(actor="test", case=demo_case, out=tmp_path / "x.zip", recipient="ssh-rsa AAAA")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_cli_receiving_key_and_export_to_it(demo_case: Case, tmp_path: Path) -> None:
    from article3.cli import cli
    from article3.interchange import commands  # noqa: F401  (registers the verbs)

    runner = CliRunner()
    shown = runner.invoke(cli, ["case", "receiving-key", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    key = json.loads(shown.output)["receiving_key"]
    assert key == handoff.receiving_key(datadir.instance_key())
    exported = runner.invoke(cli, ["case", "export", demo_case.reference, str(tmp_path / "p.zip"), "--org",
                                   "clinic-a", "--to", key, "--redact"])
    assert exported.exit_code == 0, exported.output
    assert "Encrypted to the recipient's key" in exported.output
    assert handoff.is_encrypted(tmp_path / "p.zip")
