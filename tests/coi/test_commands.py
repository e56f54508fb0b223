"""`article3 coi import|search|poll|source`, run as a person would."""

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from article3.accounts.models import Organisation
from article3.coi import commands
from tests.coi import fixtures
from tests.coi.feedserver import FeedServer, Resource, feed_server, rss
from tests.security.live import migrated
from tests.test_cli import article3

METADATA = """\
defaults:
  country: CM
  publisher: Rights Monitor
files:
  cameroon-2024.pdf:
    title: "Cameroon: Country Report 2024"
    date: 2024-03-20
    url: https://example.org/cameroon-2024.pdf
  cameroon-2023.docx:
    title: "Cameroon: Country Report 2023"
    date: 2023-03-01
  crackdown.html:
    type: news
    date: 2025-05-02
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated(tmp_path_factory.mktemp("coi-cli"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    (folder / "metadata.yaml").write_text(METADATA)
    (folder / "cameroon-2024.pdf").write_bytes(fixtures.report_pdf())
    (folder / "cameroon-2023.docx").write_bytes(fixtures.report_docx())
    (folder / "crackdown.html").write_text(fixtures.HTML_PAGE)
    return folder


@pytest.fixture(scope="module")
def imported(data: Path, folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(article3(data, "coi", "import", str(folder), "--format", "json").stdout)  # type: ignore[no-any-return]


def test_a_folder_with_metadata_imports_in_one_go(imported: dict) -> None:  # type: ignore[type-arg]
    assert imported["errors"] == []
    rows = {Path(r["path"]).name: r for r in imported["imported"]}
    assert set(rows) == {"cameroon-2024.pdf", "cameroon-2023.docx", "crackdown.html"}
    assert rows["cameroon-2024.pdf"]["passages"] == 10 and rows["cameroon-2024.pdf"]["created"] is True
    assert rows["cameroon-2023.docx"]["series"] == rows["cameroon-2024.pdf"]["series"] == "Cameroon: Country Report"
    assert rows["crackdown.html"]["file_type"] == "html"


def test_importing_again_changes_nothing(data: Path, folder: Path, imported: dict) -> None:  # type: ignore[type-arg]
    again = json.loads(article3(data, "coi", "import", str(folder), "--format", "json").stdout)
    assert [r["created"] for r in again["imported"]] == [False, False, False]


def test_search_prints_the_documented_json(data: Path, imported: dict) -> None:  # type: ignore[type-arg]
    out = json.loads(article3(data, "coi", "search", "gendarmerie torture", "--country", "CM", "--since", "2024-01",
                              "--limit", "3", "--format", "json").stdout)
    first = out["results"][0]
    assert set(first) == {"passage_id", "report", "page", "paragraph", "heading", "text", "snippet", "score",
                          "partial"}
    assert {"title", "publisher", "date", "url"} <= set(first["report"])
    assert first["report"]["title"] == "Cameroon: Country Report 2024" and first["report"]["date"] == "2024-03-20"
    assert first["page"] == 2 and first["paragraph"] == 5 and first["heading"] == "2. Treatment in detention"
    assert first["text"].startswith("Torture and other ill-treatment") and "<mark>" in first["snippet"]
    assert len(out["results"]) <= 3
    old = json.loads(article3(data, "coi", "search", "custody", "--format", "json").stdout)["results"]
    assert any(r["report"]["title"].endswith("2023") and r["report"]["superseded"] for r in old)


def test_search_in_text_and_with_odd_input(data: Path, imported: dict) -> None:  # type: ignore[type-arg]
    text = article3(data, "coi", "search", "journalists").stdout
    assert "Passages" in text and "Journalists" in text
    odd = json.loads(article3(data, "coi", "search", '"unclosed AND (', "--format", "json").stdout)
    assert odd == {"results": []}
    bad = article3(data, "coi", "search", "x", "--since", "yesterday", check=False)
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_single_files_with_options_and_errors(data: Path, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Nigeria\n\nPolice arrested protesters in Lagos.")
    done = json.loads(article3(data, "coi", "import", str(note), "--country", "NG", "--publisher", "Wire",
                               "--title", "Lagos protests", "--date", "2025-01-10", "--format", "json").stdout)
    (row,) = done["imported"]
    assert row["title"] == "Lagos protests" and row["passages"] == 1
    missing = article3(data, "coi", "import", str(note), check=False)
    assert missing.returncode == 1 and "No country" in missing.stderr
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 junk")
    failed = article3(data, "coi", "import", str(junk), "--country", "CM", "--format", "json", check=False)
    assert failed.returncode == 1 and "could not be read" in json.loads(failed.stdout)["errors"][0]["error"]


def test_a_bad_metadata_file_is_named(data: Path, tmp_path: Path) -> None:
    (tmp_path / "metadata.yaml").write_text("files:\n  a.txt:\n    colour: red\n")
    (tmp_path / "a.txt").write_text("Text.")
    bad = article3(data, "coi", "import", str(tmp_path), check=False)
    assert bad.returncode == 2 and "unknown keys colour" in bad.stderr


def test_the_import_shows_a_progress_bar(data: Path, folder: Path, imported: dict) -> None:  # type: ignore[type-arg]
    result = article3(data, "coi", "import", str(folder))
    assert "Importing" in result.stderr and "already there" in result.stdout


# Feeds, in process (the feed server is on 127.0.0.1, which only tests may use)


@pytest.fixture
def server(settings: object) -> Iterator[FeedServer]:
    settings.COI_FEEDS_ALLOW_PRIVATE = True  # type: ignore[attr-defined]
    with feed_server() as running:
        yield running


def run(command: click.Command, *args: str) -> subprocess.CompletedProcess[str]:
    """Invoke one verb in this process (Django is already set up, on the test database)."""
    result = CliRunner().invoke(command, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.output, "")


@pytest.mark.django_db
def test_poll_now_and_sources(org_a: Organisation, server: FeedServer) -> None:
    server.resources["/rss"] = Resource(rss(("g1", "Arrests in Buea", "Fri, 02 May 2025 09:00:00 GMT",
                                             "<p>Police arrested students in Buea.</p>")))
    added = run(commands.coi_source_add, server.url("/rss"), "--name", "Wire", "--country", "CM", "--org", "clinic-a",
                "--format", "json")
    assert added.returncode == 0, added.stdout
    polled = json.loads(run(commands.coi_poll, "--org", "clinic-a", "--format", "json").stdout)
    (source,) = polled["sources"]
    assert source["status"] == "ok" and source["new_reports"] == 1
    listed = json.loads(run(commands.coi_source_list, "--org", "clinic-a", "--format", "json").stdout)
    assert listed["sources"][0]["name"] == "Wire" and listed["sources"][0]["items_imported"] == 1
    again = json.loads(run(commands.coi_poll, "--org", "clinic-a", "--format", "json").stdout)
    assert again["sources"][0]["new_reports"] == 0
