"""Certificates in the bundle: a translation's certificate follows it; the certificate of service closes it."""

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdfminer.high_level import extract_text

from article3.bundles.inputs import generated_key
from article3.bundles.models import BundleBuild
from article3.bundles.services import bundle_request, bundle_run
from article3.cases.models import Case
from article3.docs.models import GeneratedDocument
from article3.docs.services import document_generate
from article3.evidence.services import document_process
from article3.evidence.storage import vault

SERVICE = {"served_on": "Office of the Chief Counsel, DHS", "method": "e-filing", "date": "2026-11-02",
           "by_whom": "Supervising attorney"}


def _ready(case: Case) -> None:
    for document in case.documents.all():
        document_process(document=document, ocr=False)


def _page_text(build: BundleBuild, page: int) -> str:
    data = b"".join(vault().iter_plain(build.volumes.get(number=1).sha256))
    return " ".join(extract_text(io.BytesIO(data), page_numbers=[page - 1]).split())


def _generate(case: Case, kind: str, **options: str) -> GeneratedDocument:
    generated = document_generate(actor="test", case=case, kind=kind, options=options, pdf=True)
    assert generated.status == "done" and generated.pdf_sha256, generated.error_message
    return generated


@pytest.mark.django_db
def test_certificates_land_after_their_translation_and_at_the_end(demo_case: Case) -> None:
    _ready(demo_case)
    translation_certificate = _generate(demo_case, "translation_certificate", document="d-summons-en")
    service = _generate(demo_case, "service_certificate", **SERVICE)
    build = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False))
    assert build.status == "done", build.error_message
    documents = build.page_map["documents"]
    translation, certificate = documents["d-summons-en"], documents[generated_key(translation_certificate)]
    assert certificate["parent"] == "d-summons" and certificate["start"] == translation["end"] + 1
    assert "certificate of translation" in _page_text(build, certificate["start"]).lower()
    closing = documents[generated_key(service)]
    assert closing["end"] == build.pages and closing["parent"] is None
    assert build.exhibits[-1] == {"key": generated_key(service), "label": None, "title": "Certificate of service",
                                  "start": closing["start"], "end": build.pages, "volume": 1}
    last_page = _page_text(build, build.pages)
    assert "certificate of service" in last_page.lower() and "Office of the Chief Counsel" in last_page
    codes = {w["code"] for w in build.warnings}
    assert "service_certificate_missing" not in codes and "translation_certificate_not_in_bundle" not in codes


@pytest.mark.django_db
def test_a_missing_certificate_of_service_and_translation_certificate_are_warned(demo_case: Case) -> None:
    _ready(demo_case)
    build = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False))
    assert build.status == "done", build.error_message
    warnings = {w["code"]: w for w in build.warnings}
    assert warnings["service_certificate_missing"]["severity"] == "high"
    assert warnings["translation_certificate_not_in_bundle"]["refs"] == ["d-summons-en"]
    generic = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="generic", queue=False))
    assert "service_certificate_missing" not in {w["code"] for w in generic.warnings}, "generic asks for none"


@pytest.mark.django_db
def test_the_json_page_map_lists_every_document_that_landed(demo_case: Case, tmp_path: Path) -> None:
    from article3.bundles import commands  # noqa: F401  (registers the verb)
    from article3.cli import cli

    _ready(demo_case)
    service = _generate(demo_case, "service_certificate", **SERVICE)
    result = CliRunner().invoke(cli, ["bundle", "build", demo_case.reference, "--profile", "us-eoir", "--org",
                                      "clinic-a", "--out", str(tmp_path / "b.pdf"), "--format", "json"])
    assert result.exit_code == 0, result.output
    landed = {d["key"]: d for d in json.loads(result.output)["documents"]}
    build = BundleBuild.objects.get(case=demo_case)
    assert set(landed) == set(build.page_map["documents"])
    assert landed["d-summons-en"]["parent"] == "d-summons" and landed["d-summons-en"]["kind"] == "translation"
    assert landed["d-summons-en"]["label"] == landed["d-summons"]["label"]
    closing = landed[generated_key(service)]
    assert closing["title"] == "Certificate of service" and closing["end"] == build.pages
    assert all(d["start"] <= d["end"] for d in landed.values())
