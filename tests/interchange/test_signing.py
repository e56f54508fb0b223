"""D4: an exported package is signed beside itself; the signature checks offline, one altered byte fails."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from article3 import datadir
from article3.cases.models import Case
from article3.interchange.exporter import case_export
from article3.interchange.signing import fingerprint, signature_path, signing_key, verify_package


@pytest.fixture
def exported(demo_case: Case, tmp_path: Path) -> Path:
    out = tmp_path / "demo.zip"
    data = case_export(actor="test", case=demo_case, out=out)
    assert data["signature"] == str(signature_path(out)) and signature_path(out).is_file()
    assert data["fingerprint"] == fingerprint(signing_key(datadir.instance_key()).public_key())
    return out


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.django_db
def test_an_exported_package_verifies_with_the_senders_fingerprint(exported: Path) -> None:
    mine = fingerprint(signing_key(datadir.instance_key()).public_key())
    verdict = verify_package(exported, expect=mine)
    assert verdict.ok and verdict.fingerprint == mine, verdict.message


@pytest.mark.django_db
@pytest.mark.parametrize("offset", [0, 1000, -1])
def test_one_altered_byte_anywhere_in_the_package_fails(exported: Path, offset: int) -> None:
    _flip(exported, offset)
    verdict = verify_package(exported)
    assert not verdict.ok and "has changed since it was signed" in verdict.message


@pytest.mark.django_db
def test_a_signature_file_restating_the_new_hash_fails(exported: Path) -> None:
    _flip(exported, 500)
    signed = json.loads(signature_path(exported).read_text())
    signed["sha256"] = hashlib.sha256(exported.read_bytes()).hexdigest()
    signature_path(exported).write_text(json.dumps(signed))
    verdict = verify_package(exported)
    assert not verdict.ok and "was altered" in verdict.message


@pytest.mark.django_db
def test_a_package_re_signed_with_another_key_fails_the_fingerprint_check(exported: Path) -> None:
    from article3.interchange.signing import sign_package

    mine = fingerprint(signing_key(datadir.instance_key()).public_key())
    sign_package(exported, b"\x07" * 32)  # someone else's key, over the same bytes
    assert verify_package(exported).ok, "a forger's signature is consistent with itself"
    verdict = verify_package(exported, expect=mine)
    assert not verdict.ok and "not by the expected" in verdict.message


@pytest.mark.django_db
def test_a_missing_or_damaged_signature_file_is_named(exported: Path) -> None:
    signature_path(exported).write_text("{not json")
    assert "is damaged" in verify_package(exported).message
    signature_path(exported).unlink()
    assert "No signature file demo.zip.sig" in verify_package(exported).message


@pytest.mark.django_db
def test_the_recipient_checks_offline_without_a_data_folder(exported: Path, tmp_path: Path) -> None:
    mine = fingerprint(signing_key(datadir.instance_key()).public_key())
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ARTICLE3_", "DJANGO_", "DATABASE_URL"))}
    elsewhere = tmp_path / "recipient"
    elsewhere.mkdir()

    def check(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "article3.interchange.signing", str(exported), *extra],
                              cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)

    good = check("--fingerprint", mine)
    assert good.returncode == 0 and "unchanged since key" in good.stdout, good.stderr
    assert not any(elsewhere.iterdir()), "checking writes nothing: no data folder is made"
    _flip(exported, 2000)
    bad = check("--fingerprint", mine)
    assert bad.returncode == 1 and "has changed" in bad.stdout


@pytest.mark.django_db
def test_the_command_line_prints_the_key_and_checks_a_package(exported: Path) -> None:
    from click.testing import CliRunner

    from article3.interchange.commands import case_signing_key, case_verify_package

    runner = CliRunner()
    key = json.loads(runner.invoke(case_signing_key, ["--format", "json"]).output)["fingerprint"]
    good = runner.invoke(case_verify_package, [str(exported), "--fingerprint", key])
    assert good.exit_code == 0 and "unchanged" in good.output
    _flip(exported, 10)
    assert runner.invoke(case_verify_package, [str(exported)]).exit_code == 1
