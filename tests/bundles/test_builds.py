"""Building the demo case's bundle through the app, as a lawyer would the night before filing."""

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.bundles.models import BundleBuild
from article3.bundles.services import bundle_request, bundle_run, exhibit_order_set
from article3.cases.models import Case
from article3.evidence.services import document_process
from article3.evidence.storage import vault
from tests.security.live import migrated


def _ready(case: Case) -> None:
    for document in case.documents.all():
        document_process(document=document, ocr=False)


def _pdf(build: BundleBuild) -> pikepdf.Pdf:
    volume = build.volumes.get(number=1)
    return pikepdf.open(io.BytesIO(b"".join(vault().iter_plain(volume.sha256))))


@pytest.mark.django_db
def test_demo_bundle_has_index_ranges_translations_and_a_page_map(demo_case: Case) -> None:
    _ready(demo_case)
    build = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False))
    assert build.status == "done", build.error_message
    keys = [e["key"] for e in build.exhibits]
    assert keys[:4] == ["d-declaration", "d-medical", "d-expert", "d-summons"], "the lawyer's order"
    documents = build.page_map["documents"]
    summons, translation = documents["d-summons"], documents["d-summons-en"]
    assert translation["parent"] == "d-summons" and translation["start"] == summons["end"] + 1
    with _pdf(build) as pdf:
        assert len(pdf.pages) == build.pages == build.page_map["pages"]
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert any("Declaration of the applicant" in t for t in titles)
    # The declaration's paragraph 14 sits on its page 1: the pinpoint resolves into the bundle.
    pin = build.page_map["pinpoints"]["d-declaration@1"]
    assert pin["page"] == documents["d-declaration"]["start"]


@pytest.mark.django_db
def test_stamped_pages_are_cached_sealed_and_reused(demo_case: Case, data_dir: Path) -> None:
    _ready(demo_case)
    first = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False))
    cached = {p.name: p.stat().st_size for p in (data_dir / "cache" / "derived").iterdir()}
    declaration = demo_case.documents.get(key="d-declaration")
    assert any(name.startswith(f"{declaration.derived_sha256}-") for name in cached)
    assert all((data_dir / "cache" / "derived" / name).read_bytes()[:4] == b"A3V1" for name in cached)
    again = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False))
    assert {p.name: p.stat().st_size for p in (data_dir / "cache" / "derived").iterdir()} == cached
    assert [v.sha256 for v in again.volumes.all()] == [v.sha256 for v in first.volumes.all()]


@pytest.mark.django_db
def test_order_change_and_what_changed(demo_case: Case) -> None:
    _ready(demo_case)
    first = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False))
    exhibit_order_set(actor="test", case=demo_case, keys=["d-expert", "d-declaration", "d-ghost"])
    demo_case.refresh_from_db()
    assert demo_case.exhibit_order == ["d-expert", "d-declaration"], "unknown keys are dropped"
    second = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False))
    assert [e["key"] for e in second.exhibits][:2] == ["d-expert", "d-declaration"]
    from article3.bundles.services import build_changes

    assert build_changes(second)["moved"] == ["order"] and first.pk < second.pk


@pytest.mark.django_db
def test_web_build_progress_and_audited_download(demo_case: Case, as_alice: Client,
                                                 django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    _ready(demo_case)
    url = reverse("bundles", kwargs={"case_id": demo_case.public_id})
    page = as_alice.get(url).content.decode()
    assert "Exhibits, in filing order" in page and "Build the bundle" in page
    with django_capture_on_commit_callbacks(execute=True):
        as_alice.post(reverse("bundles_build", kwargs={"case_id": demo_case.public_id}), {"profile": "us-eoir"})
    build = BundleBuild.objects.get(case=demo_case)
    status = as_alice.get(reverse("bundles_build_status", kwargs={"case_id": demo_case.public_id,
                                                                  "build_id": build.pk})).json()
    assert status["status"] == "done"
    response = as_alice.get(reverse("bundles_volume", kwargs={"case_id": demo_case.public_id,
                                                              "build_id": build.pk, "number": 1}))
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(action="bundles.volume.downloaded", case_id=demo_case.pk).count() == 1


@pytest.mark.django_db
def test_a_case_without_converted_documents_fails_with_a_message(case: Case) -> None:
    build = bundle_run(build=bundle_request(actor="test", case=case, profile="generic", queue=False))
    assert build.status == "failed" and "no converted document" in build.error_message


def test_cli_bundle_build_json(tmp_path: Path) -> None:
    env = {**os.environ, "ARTICLE3_DATA": str(migrated(tmp_path / "data"))}
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ARTICLE3_AUDIT_GUARD", "ARTICLE3_TASK_BACKEND"):
        env.pop(name, None)
    env["ARTICLE3_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "article3", *args], env=env, capture_output=True, text=True,
                              timeout=300)

    assert run("demo").returncode == 0
    out = tmp_path / "bundle.pdf"
    built = run("bundle", "build", "DEMO-2026-001", "--profile", "us-eoir", "--out", str(out), "--format", "json")
    assert built.returncode == 0, built.stderr
    data = json.loads(built.stdout)
    assert set(data) == {"pages", "exhibits", "documents", "volumes", "warnings"}
    assert data["exhibits"][0] == {"key": "d-declaration", "label": "A", "title": "Declaration of the applicant",
                                   "start": data["exhibits"][0]["start"], "end": data["exhibits"][0]["end"]}
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == data["pages"]
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
