"""Package errors a person can act on: refused files name their place; YAML bombs are refused."""

import json
from pathlib import Path

import pytest
import yaml

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.errors import DomainError
from article3.interchange.importer import case_import
from article3.interchange.package import MAX_MANIFEST_NODES
from article3.interchange.schema import PackageError
from tests.interchange.test_packages import MANIFEST, write_package


@pytest.mark.django_db
def test_a_refused_file_names_the_document_id_and_file(org_a: Organisation, tmp_path: Path) -> None:
    folder = write_package(tmp_path)
    (folder / "files/summons.txt").write_text("<!DOCTYPE html><html><body>Summons</body></html>")
    with pytest.raises(DomainError) as caught:
        case_import(actor="test", organisation=org_a, path=folder)
    assert str(caught.value).startswith("documents[2] (d-summons) file files/summons.txt: this file is a web page")
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_refused_report_names_its_place(org_a: Organisation, tmp_path: Path) -> None:
    folder = write_package(tmp_path)
    (folder / "coi/report-2024.txt").write_bytes(b"")
    with pytest.raises(DomainError) as caught:
        case_import(actor="test", organisation=org_a, path=folder)
    assert str(caught.value).startswith("country_information[0] (c-report-2024) file coi/report-2024.txt: ")
    assert not Case.objects.exists()


BOMB = """format: article3-case/1
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
case: {reference: X, forum: generic, country_of_return: CM, x-boom: *h}
applicant: {name: N}
"""


@pytest.mark.django_db
def test_nested_aliases_are_refused_before_they_expand(org_a: Organisation, tmp_path: Path) -> None:
    folder = write_package(tmp_path)
    (folder / "case.yaml").write_text(BOMB)
    with pytest.raises(PackageError) as caught:
        case_import(actor="test", organisation=org_a, path=folder)
    assert caught.value.problems == [
        "case.yaml line 2: YAML anchors and aliases (&name, *name) are not allowed in a case package; "
        "write each value out in full"]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_merge_key_is_an_alias_too(org_a: Organisation, tmp_path: Path) -> None:
    manifest = json.loads(json.dumps(MANIFEST))
    merged = "base: &base {stage: intake}\ncase:\n  <<: *base\n"
    text = yaml.safe_dump(manifest, sort_keys=False).replace("case:\n", merged, 1)
    folder = write_package(tmp_path)
    (folder / "case.yaml").write_text(text)
    with pytest.raises(PackageError) as caught:
        case_import(actor="test", organisation=org_a, path=folder)
    assert "anchors and aliases" in caught.value.problems[0]


@pytest.mark.django_db
def test_too_many_values_are_refused(org_a: Organisation, tmp_path: Path) -> None:
    manifest = json.loads(json.dumps(MANIFEST))
    manifest["case"]["x-many"] = list(range(MAX_MANIFEST_NODES))
    folder = write_package(tmp_path, manifest)
    with pytest.raises(PackageError) as caught:
        case_import(actor="test", organisation=org_a, path=folder)
    assert caught.value.problems == [f"case.yaml: more than {MAX_MANIFEST_NODES:,} values; "
                                     "this is not a case manifest this system can read"]
