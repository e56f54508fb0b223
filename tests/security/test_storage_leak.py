"""A4, storage leak: read the data folder as a thief would, without the instance key.

Case text enters a fresh instance the ways it really arrives: a case package (`article3 case
import`), `article3 evidence add` with a canary in the file's name and text, every command-line
option that takes case text, every free-text field of every web form (posted through the real
views, see tests/security/form_canaries.py), and the services that the web pages call, with
then every encrypted field of every row overwritten by its own canary. The files are then read
raw, as bytes, in ASCII and UTF-16: the SQLite database (main file, -wal and -shm, before and
after a checkpoint, task payloads included) and the vault.

What we promise, and what this finds:
- the vault (evidence originals and derived PDFs) holds no plaintext: every file an A3V1 sealed blob;
- the database holds no case text: every field with names, narratives, document text or what a
  document says about a person is encrypted (article3.fieldcrypt). Left plain by design, and
  used here as the control that proves the scan reads the database: the case reference, and
  the few non-narrative fields listed in PLAIN_BY_DESIGN.
"""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import models

from article3.cases.models import Case
from article3.fieldcrypt import EncryptedJSONField, EncryptedMixin
from article3.interchange.exporter import case_export
from tests.security.canaries import Canaries, seed_case
from tests.security.live import article3, article3_json, environment, migrated

# Canary places (see tests/security/canaries.py) in columns that are plain on purpose.
PLAIN_BY_DESIGN = frozenset({
    "case.reference",  # the firm's file number: searched, sorted, shown in lists and filenames
})

REPO = Path(__file__).resolve().parents[2]

# Run inside a real `article3` data folder: the web services' write path, then every encrypted field.
SEED = """
import json, django
django.setup()
from article3.accounts.services import organisation_create, user_create
from tests.security.canaries import Canaries, seed_case, seed_typed_text
from tests.security.form_canaries import seed_through_forms, stored
from tests.security.test_storage_leak import fill_encrypted
canaries = Canaries()
org = organisation_create(actor="test", slug="clinic-seeded", name="Clinic")
owner = user_create(actor="test", organisation=org, email="owner@example.org", role="attorney",
                    password="a long enough password 42")
case = seed_case(organisation=org, owner=owner, canaries=canaries)
seed_typed_text(owner=owner, case=case, canaries=canaries)
import datetime, io
from article3.evidence.services import document_add
from article3.remedies import services as remedies
decision = document_add(actor="test", case=case, stream=io.BytesIO(b"Decision."), filename="decision.txt",
                        kind="decision", process=False)
remedies.removal_set(actor="test", case=case, changes={"removal_date": datetime.date(2027, 1, 5)})
remedies.finding_add(actor="test", case=case, decision=decision, category="credibility", finding="seeded")
remedies.condition_add(actor="test", case=case, kind="reporting", due=datetime.date(2027, 1, 5))
from article3.chronology.services import statements_read_request
statements_read_request(actor="test", document=decision)  # queued: a row for the statements the worker keeps
from article3.interpreters import services as interpreters
interpreter = interpreters.interpreter_add(actor="test", organisation=org, name="seeded",
                                           languages=[{"language": "ar", "dialect": "seeded"}])
interpreters.booking_add(actor="test", case=case, kind="meeting", date=datetime.date(2027, 1, 5), language="ar",
                         interpreter=interpreter)
from article3.portal import services as portal
access, _ = portal.client_invite(actor="test", case=case, email="client@example.net", relationship="family",
                                 language="ar", consent="seeded")
portal.answer_add(actor=access.user, access=access, topic="seeded", question="seeded", answer="seeded",
                  language="ar")
statuses = seed_through_forms(owner=owner, case=case, canaries=canaries)
from article3.api.webhooks import endpoint_add
endpoint_add(actor="test", organisation=org, url="https://cms.example.org/hook", events=["deadline.created"])
from article3.bundles.services import bundle_request
bundle_request(actor="test", case=case, profile="us-eoir", queue=False)  # a build, its warnings to come
typed = sorted(stored(canaries))  # read back before the encrypted fields are overwritten below
filled = fill_encrypted(canaries)
print(json.dumps({"canaries": canaries.where, "filled": sorted(filled), "statuses": statuses, "typed": typed}))
"""


def encrypted_fields() -> dict[type[models.Model], list[EncryptedMixin]]:
    found = {}
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
        if fields:
            found[model] = fields
    return found


def fill_encrypted(canaries: Canaries) -> set[str]:
    """Give every encrypted field of every row its own canary; return the fields that got one."""
    filled = set()
    for model, fields in encrypted_fields().items():
        for pk in model._base_manager.values_list("pk", flat=True):
            values = {}
            for field in fields:
                label = f"{model._meta.label_lower}.{field.name}"
                token = canaries.new(label)
                values[field.name] = [token] if isinstance(field, EncryptedJSONField) else token
                filled.add(label)
            model._base_manager.filter(pk=pk).update(**values)
    return filled


def _free_text_through_the_command_line(env: dict[str, str], canaries: Canaries, reference: str,
                                        tmp_path: Path) -> list[subprocess.CompletedProcess[str]]:
    """Every command-line option that takes case text, each given its own canary."""
    c = canaries.new
    runs = [article3(env, "case", "create", "CLI-CANARY", "--forum", "un-cat", "--country", "CM",
                     "--applicant", c("case create: --applicant"))]
    runs.append(article3(env, "docs", "generate", reference, "--kind", "service_certificate",
                         "--out", str(tmp_path / "certificate.docx"), "--served-on", c("docs generate: --served-on"),
                         "--method", c("docs generate: --method"), "--date", "2026-11-20",
                         "--by-whom", c("docs generate: --by-whom"),
                         "--documents-served", c("docs generate: --documents-served")))
    runs.append(article3(env, "docs", "generate", reference, "--kind", "un_cat_communication",
                         "--out", str(tmp_path / "communication.docx"),
                         "--state-party", "CA", "--removal-date", "2026-12-01",
                         "--removal-details", c("docs generate: --removal-details")))
    return runs


def _hits(path: Path, canaries: Canaries) -> set[str]:
    raw = path.read_bytes()
    return {c for c in canaries.where if c.encode() in raw or c.encode("utf-16-le") in raw}


def _database_hits(data: Path, canaries: Canaries) -> dict[str, set[str]]:
    files = [p for p in data.iterdir() if p.name.startswith("article3.sqlite3")]
    return {p.name: _hits(p, canaries) for p in files}


def _leaks(found: dict[str, set[str]], canaries: Canaries) -> dict[str, list[str]]:
    return {name: sorted(canaries.where[c] for c in hits if canaries.where[c] not in PLAIN_BY_DESIGN)
            for name, hits in found.items() if any(canaries.where[c] not in PLAIN_BY_DESIGN for c in hits)}


@pytest.mark.django_db
def test_neither_the_vault_nor_the_database_holds_case_text(org_a: object, alice: User, tmp_path: Path) -> None:
    canaries = Canaries()
    case = seed_case(organisation=org_a, owner=alice, canaries=canaries)
    case.coi_citations.all().delete()  # the factory's report has no file to put in a package
    package = tmp_path / "case.zip"
    case_export(actor="test", case=Case.objects.get(pk=case.pk), out=package)
    data = tmp_path / "data"
    env = environment(migrated(data))
    imported = article3_json(env, "case", "import", str(package))
    name, text = canaries.new("evidence add: file name"), canaries.new("evidence add: file text")
    upload = tmp_path / f"{name}.txt"
    upload.write_text(f"Declaration. {text}\n" * 20)
    logs = [article3(env, "evidence", "add", imported["reference"], str(upload), "--kind", "declaration", "--no-ocr",
                     "--title", canaries.new("evidence add: --title"))]
    logs += _free_text_through_the_command_line(env, canaries, imported["reference"], tmp_path)
    seeded = subprocess.run([sys.executable, "-c", SEED], env={**env, "DJANGO_SETTINGS_MODULE": "article3.settings"},
                            cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    report = json.loads(seeded.stdout.strip().splitlines()[-1])
    canaries.where.update(report["canaries"])
    expected = {f"{m._meta.label_lower}.{f.name}" for m, fields in encrypted_fields().items() for f in fields}
    assert set(report["filled"]) == expected, "every encrypted field held a canary in at least one row"
    assert {form: status for form, status in report["statuses"].items() if status >= 400} == {}
    typed = {place for place in report["canaries"].values() if place.startswith("form ")}
    assert len(typed) > 80 and set(report["typed"]) == typed, "every form took and stored what was typed"

    vault_files = [p for p in (data / "vault").rglob("*") if p.is_file()]
    assert len(vault_files) >= 4, "originals and derived PDFs are there to be searched"
    assert all(p.read_bytes()[:4] == b"A3V1" for p in vault_files)
    assert {p.name: sorted(_hits(p, canaries)) for p in vault_files if _hits(p, canaries)} == {}

    before = _database_hits(data, canaries)
    with sqlite3.connect(data / "article3.sqlite3") as db:
        db.execute("PRAGMA wal_checkpoint(FULL)")
        after = _database_hits(data, canaries)
    assert _leaks(before, canaries) == {} and _leaks(after, canaries) == {}
    logged = "\n".join(run.stderr for run in [*logs, seeded])  # what logging writes (the terminal's own output aside)
    assert sorted(canaries.where[c] for c in canaries.where if c in logged) == [], "no case text in the logs"
    control = {canaries.where[c] for c in after["article3.sqlite3"]}
    assert "case.reference" in control, "the scan finds a plain column, so it does read the database"
    # Only the service account can enter the data folder (the SQLite file itself gets the umask's mode).
    assert data.stat().st_mode & 0o077 == 0 and (data / "vault").stat().st_mode & 0o077 == 0
