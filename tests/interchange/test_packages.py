"""Case packages: validation names the key path and file; all or nothing; round trips are exact."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.interchange.exporter import case_export, manifest_for
from article3.interchange.importer import case_import
from article3.interchange.schema import PackageError
from tests.evidence import samples
from tests.security.live import migrated

MANIFEST: dict[str, Any] = {
    "format": "article3-case/1",
    "case": {"reference": "PKG-2026-001", "forum": "us-eoir", "country_of_return": "CM", "stage": "preparing",
             "hearing_date": "2027-02-10", "detained": False, "x-origin": "legacy-system-42"},
    "applicant": {"name": "Given Family", "other_names": ["Alias"], "birth_date": "2001-06-02",
                  "nationality": "CM", "languages": ["en", "fr"], "interpreter_language": "wes"},
    "people": [{"id": "p-brother", "role": "family", "name": "Brother Name", "relation": "brother",
                "at_risk": True, "redact": True}],
    "events": [{"id": "e-arrest-2019", "kind": "detention", "title": "Arrested at a checkpoint",
                "date": "2019-03-14/2019-03-19", "place": "Town, Region",
                "actors": [{"name": "gendarmes", "official": True}],
                "accounts": [{"source": {"document": "d-declaration", "paragraph": 14},
                              "date": "2019-03-14/2019-03-19", "place": "Town", "age_stated": 17},
                             {"source": {"document": "d-medical", "page": 1}, "date": "2019-03"}]}],
    "domestic_remedies": [{"id": "r-complaint-2019", "date": "2019-04-02", "body": "police",
                           "description": "Complaint about the detention", "outcome": "retaliation",
                           "consequence": "Summoned and threatened", "evidence": ["d-summons"]}],
    "documents": [
        {"id": "d-declaration", "file": "files/declaration.pdf", "kind": "declaration",
         "title": "Declaration of the applicant", "language": "en", "date": "2026-10-01", "author": "applicant"},
        {"id": "d-medical", "file": "files/medical.pdf", "kind": "medical", "language": "en", "date": "2025-01-20",
         "author": "Examining physician",
         "findings": [{"finding": "Linear scars on the back", "attributed_to": "beating with a cable",
                       "consistency": "highly_consistent"}]},
        {"id": "d-summons", "file": "files/summons.txt", "kind": "domestic_remedy_record", "language": "fr",
         "date": "2019-04-09", "translation": "d-summons-en"},
        {"id": "d-summons-en", "file": "files/summons-en.txt", "kind": "translation", "language": "en",
         "translates": "d-summons", "translator": "Name", "certified": True, "x-note": "kept"},
    ],
    "facts": [{"id": "f-detained-beaten", "elements": ["past_torture", "official_involvement"],
               "text": "Gendarmes detained the applicant for five days and beat him with cables.",
               "support": [{"event": "e-arrest-2019"}, {"document": "d-medical", "pages": "1"},
                           {"country_information": "c-report-2024"}]}],
    "country_information": [{
        "id": "c-report-2024", "file": "coi/report-2024.txt", "title": "Country report 2024",
        "publisher": "Publisher", "date": "2024-04", "country": "CM", "url": "https://example.org/report",
        "citations": [{"quote": "Gendarmes routinely beat detainees held at checkpoints.",
                       "elements": ["country_conditions"]}]}],
    "exhibits": ["d-declaration", "d-medical", "d-summons"],
    "x-top": {"anything": [1, 2]},
}


def write_package(folder: Path, manifest: dict[str, Any] | None = None) -> Path:
    (folder / "files").mkdir(parents=True, exist_ok=True)
    (folder / "case.yaml").write_text(yaml.safe_dump(manifest or MANIFEST, sort_keys=False))
    (folder / "files/declaration.pdf").write_bytes(samples.text_pdf(["I was arrested on 14 March 2019."]))
    (folder / "files/medical.pdf").write_bytes(samples.text_pdf(["Linear scars on the back."]))
    (folder / "files/summons.txt").write_text("Convocation à la gendarmerie le 9 avril 2019.")
    (folder / "files/summons-en.txt").write_text("Summons to the gendarmerie on 9 April 2019.")
    (folder / "coi").mkdir(exist_ok=True)
    (folder / "coi/report-2024.txt").write_text(
        "Detention\n\nGendarmes routinely beat detainees held at checkpoints. Complaints are rarely "
        "investigated.\n\nFreedom of expression\n\nJournalists reporting on the crisis were arrested.\n")
    return folder


def _broken(tmp_path: Path, change: Any) -> list[str]:
    manifest = json.loads(json.dumps(MANIFEST))
    change(manifest)
    with pytest.raises(PackageError) as caught:
        case_import(actor="test", organisation=Organisation.objects.get(slug="clinic-a"),
                    path=write_package(tmp_path, manifest))
    assert not Case.objects.exists(), "nothing is written unless everything validates"
    return caught.value.problems


@pytest.mark.django_db
def test_import_creates_the_case_with_stable_keys(org_a: Organisation, tmp_path: Path) -> None:
    result = case_import(actor="test", organisation=org_a, path=write_package(tmp_path))
    case = result.case
    assert result.counts["documents"] == 4 and result.counts["events"] == 1
    event = case.events.get(key="e-arrest-2019")
    assert [(a.document.key, a.paragraph, a.page) for a in event.accounts.all()] == [  # type: ignore[union-attr]
        ("d-declaration", 14, None), ("d-medical", None, 1)]
    assert case.documents.get(key="d-summons-en").translates.key == "d-summons"  # type: ignore[union-attr]
    assert case.documents.get(key="d-medical").findings.get().consistency == "highly_consistent"
    assert case.extra["x-origin"] == "legacy-system-42"
    assert list(case.domestic_remedies.get().evidence.values_list("key", flat=True)) == ["d-summons"]
    fact = case.facts.get(key="f-detained-beaten")  # type: ignore[attr-defined]
    assert sorted(s.kind for s in fact.support.all()) == ["coi_citation", "document", "event"]
    citation = case.coi_citations.get()  # type: ignore[attr-defined]
    assert citation.quote.startswith("Gendarmes routinely beat") and citation.elements == ["country_conditions"]


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "expected"), [
    (lambda m: m["documents"][1].update(file="files/missing.pdf"),
     "documents[1].file: no such file 'files/missing.pdf'"),
    (lambda m: m["events"][0]["accounts"][0]["source"].update(document="d-nowhere"),
     "events[0].accounts[0].source.document: no document with id 'd-nowhere'"),
    (lambda m: m["case"].update(colour="blue"), "case.colour: unknown key"),
    (lambda m: m["events"][0].update(date="2019-13"), "events[0].date: '2019-13' is not a valid date"),
    (lambda m: m["documents"][0].update(file="../etc/passwd"), "documents[0].file: '../etc/passwd' must be"),
    (lambda m: m["exhibits"].append("d-ghost"), "exhibits[3]: no document with id 'd-ghost'"),
    (lambda m: m["people"].append(dict(m["people"][0])), "people[1].id: 'p-brother' is used twice"),
])
def test_bad_packages_name_the_key_path(org_a: Organisation, tmp_path: Path, change: Any, expected: str) -> None:
    problems = _broken(tmp_path, change)
    assert any(expected in p for p in problems), problems


@pytest.mark.django_db
def test_export_import_export_is_stable(org_a: Organisation, org_b: Organisation, tmp_path: Path) -> None:
    first = case_import(actor="test", organisation=org_a, path=write_package(tmp_path / "src")).case
    exported = tmp_path / "one.zip"
    case_export(actor="test", case=first, out=exported)
    second = case_import(actor="test", organisation=org_b, path=exported).case
    manifest_one, files_one = manifest_for(first)
    manifest_two, files_two = manifest_for(second)
    custody_one = [d.pop("custody") for d in manifest_one["documents"]]
    custody_two = [d.pop("custody") for d in manifest_two["documents"]]
    assert manifest_one == manifest_two and files_one == files_two
    for before, after in zip(custody_one, custody_two, strict=True):
        assert after[:-1] == before, "the sender's chain of custody travels as it was"
        assert after[-1]["note"].startswith("received in a case package"), "and the hand-over is recorded"
    assert manifest_two["case"]["x-origin"] == "legacy-system-42" and manifest_two["x-top"] == {"anything": [1, 2]}
    assert manifest_two["documents"][3]["x-note"] == "kept"
    assert manifest_two["facts"][0]["support"][2] == {"country_information": "c-report-2024", "citation": "coi-1"}
    assert manifest_two["country_information"][0]["date"] == "2024-04"
    again = tmp_path / "two.zip"
    case_export(actor="test", case=second, out=again)
    case_export(actor="test", case=second, out=tmp_path / "three.zip")
    assert (tmp_path / "three.zip").read_bytes() == again.read_bytes(), "the same case exports to the same bytes"


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ["../evil.txt", "/abs.txt"])
def test_unsafe_zip_entries_are_refused_before_unpacking(org_a: Organisation, tmp_path: Path, entry: str) -> None:
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("case.yaml", yaml.safe_dump(MANIFEST))
        archive.writestr(zipfile.ZipInfo(entry), b"x")
    with pytest.raises(PackageError) as caught:
        case_import(actor="test", organisation=org_a, path=bad)
    assert "bad.zip" in caught.value.problems[0]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_zip_bomb_is_refused(org_a: Organisation, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("case.yaml", yaml.safe_dump(MANIFEST))
        with archive.open("files/zeros.bin", "w") as target:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                target.write(chunk)
    with pytest.raises(PackageError):
        case_import(actor="test", organisation=org_a, path=bomb)
    assert not Case.objects.exists()


def test_cli_round_trip(tmp_path: Path) -> None:
    env = {**os.environ, "ARTICLE3_DATA": str(migrated(tmp_path / "data"))}
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ARTICLE3_AUDIT_GUARD"):
        env.pop(name, None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "article3", *args], env=env, capture_output=True,
                              text=True, timeout=300)

    imported = run("case", "import", str(write_package(tmp_path / "pkg")), "--format", "json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout) == {"reference": "PKG-2026-001", "counts": {
        "people": 1, "events": 1, "domestic_remedies": 1, "documents": 4, "facts": 1, "country_information": 1}}
    exported = run("case", "export", "PKG-2026-001", str(tmp_path / "out.zip"), "--format", "json")
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        manifest = yaml.safe_load(io.BytesIO(archive.read("case.yaml")))
        assert archive.read("files/d-summons-en.txt") == b"Summons to the gendarmerie on 9 April 2019."
    assert manifest["events"][0]["accounts"][0]["source"] == {"document": "d-declaration", "paragraph": 14}
    again = run("case", "import", str(tmp_path / "out.zip"))
    assert again.returncode == 1 and "already exists" in again.stderr


@pytest.mark.django_db
def test_the_demo_case_round_trips_with_its_interview_sources(demo_case: Case, org_b: Organisation,
                                                               tmp_path: Path) -> None:
    case_export(actor="test", case=demo_case, out=tmp_path / "demo.zip")
    copy = case_import(actor="test", organisation=org_b, path=tmp_path / "demo.zip").case
    interviews = list(copy.events.get(key="e-arrest-2019").accounts.exclude(interview="")
                      .values_list("interview", flat=True))
    assert interviews == ["Credible fear interview"]
    assert manifest_for(copy)[0]["events"] == manifest_for(demo_case)[0]["events"]
