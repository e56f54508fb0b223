import io
import re
import zipfile
from pathlib import Path

import pyrage
import pytest
from django.test import Client
from pyrage import x25519

from article3.accounts.models import Organisation
from article3.interchange.importer import case_import
from tests.selfhelp.conftest import start
from tests.selfhelp.flow import answer_all


@pytest.mark.django_db
def test_the_summary_has_the_questions_in_both_languages_and_the_answers_as_written(host: Organisation) -> None:
    client = Client()
    start(client, "es")
    answer_all(client)
    page = client.get("/help/summary/").content.decode()
    spanish, english = page.split('<section lang="en"')
    assert "¿Cuál es su nombre completo?" in spanish and "¿Cuál es su nombre completo?" not in english
    assert "What is your full name?" in english
    for text in ("Los soldados me golpearon.", "Una citación, con mi madre."):
        assert text in spanish and text in english
    assert "@media print" in Path("article3/selfhelp/static/selfhelp/selfhelp.css").read_text()


@pytest.mark.django_db
def test_a_package_needs_the_name_and_the_country(host: Organisation) -> None:
    client = Client()
    start(client, "en")
    page = client.get("/help/package/").content.decode()
    assert "Please answer these questions first" in page and "/help/q/country/" in page


@pytest.mark.django_db
def test_a_wrong_key_is_refused_in_plain_words(host: Organisation) -> None:
    client = Client()
    start(client, "en")
    answer_all(client)
    response = client.post("/help/package/", {"key": "age1notakey"})
    assert response.status_code == 400 and "This key is not right" in response.content.decode()


@pytest.mark.django_db
def test_the_package_is_encrypted_to_the_recipient_and_imports(host: Organisation, org_b: Organisation,
                                                               tmp_path: Path) -> None:
    identity = x25519.Identity.generate()
    client = Client()
    start(client, "es")
    answer_all(client)
    response = client.post("/help/package/", {"key": str(identity.to_public())})
    assert response.status_code == 200
    assert re.search(r'filename="SH-[A-Z0-9]+\.article3\.age"', response["Content-Disposition"])
    assert response.content.startswith(b"age-encryption.org/v1\n")
    assert b"Amina Canary" not in response.content
    plain = pyrage.decrypt(response.content, [identity])
    assert "case.yaml" in zipfile.ZipFile(io.BytesIO(plain)).namelist()
    (tmp_path / "package.zip").write_bytes(plain)
    imported = case_import(actor="test", organisation=org_b, path=tmp_path / "package.zip").case
    assert imported.applicant.name == "Amina Canary" and imported.country_of_return == "CM"
    assert imported.events.get().description == "Los soldados me golpearon."
    assert imported.domestic_remedies.get().consequence == "Me detuvieron otra vez."
    assert imported.people.get().name == "Hermana Canary"


@pytest.mark.django_db
def test_configured_recipients_are_offered(host: Organisation, settings: object) -> None:
    identity = x25519.Identity.generate()
    settings.ARTICLE3_SELF_HELP_RECIPIENTS = [("Legal Aid Example", str(identity.to_public()))]  # type: ignore[attr-defined]
    client = Client()
    start(client, "en")
    answer_all(client)
    assert "Legal Aid Example" in client.get("/help/package/").content.decode()
    response = client.post("/help/package/", {"choice": "0"})
    assert pyrage.decrypt(response.content, [identity])[:2] == b"PK"


@pytest.mark.django_db
def test_the_decrypt_command_opens_a_package_for_an_identity_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from article3.cli import cli
    from article3.selfhelp import commands  # noqa: F401  (registers the verb)

    identity = x25519.Identity.generate()
    (tmp_path / "key.txt").write_text(f"# created: now\n{identity}\n")
    (tmp_path / "p.article3.age").write_bytes(pyrage.encrypt(b"PK zip", [identity.to_public()]))
    result = CliRunner().invoke(cli, ["case", "decrypt", str(tmp_path / "p.article3.age"), str(tmp_path / "p.zip"),
                                      "--identity", str(tmp_path / "key.txt")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p.zip").read_bytes() == b"PK zip"


@pytest.mark.django_db
def test_a_package_for_an_instances_receiving_key_imports_there_as_it_is(host: Organisation, org_b: Organisation,
                                                                         tmp_path: Path) -> None:
    from article3 import datadir
    from article3.interchange.handoff import receiving_key

    client = Client()
    start(client, "es")
    answer_all(client)
    response = client.post("/help/package/", {"key": receiving_key(datadir.instance_key())})
    (tmp_path / "SH.article3.age").write_bytes(response.content)
    imported = case_import(actor="test", organisation=org_b, path=tmp_path / "SH.article3.age").case
    assert imported.applicant.name == "Amina Canary"
