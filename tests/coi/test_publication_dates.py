"""COI imports accept a year alone as the publication date (annual reports are cited so), on the command
line, in a metadata sheet and on the web; the year is shown, never a made-up first of January."""

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from article3.coi import commands
from article3.coi.models import Report
from article3.coi.selectors import citation_flags, parse_publication_date
from article3.coi.services import citation_add
from tests.coi.test_commands import run

pytestmark = pytest.mark.django_db
TEXT = "Cameroon\n\nGendarmes detained returnees at the airport."


@pytest.mark.parametrize(("text", "first", "precision"), [
    ("2023", datetime.date(2023, 1, 1), "year"),
    ("2023-03", datetime.date(2023, 3, 1), "month"),
    ("2023-03-20", datetime.date(2023, 3, 20), "day"),
    ("", None, "day"),
])
def test_publication_dates_parse_with_their_precision(text: str, first: datetime.date | None, precision: str) -> None:
    assert parse_publication_date(text) == (first, precision)


@pytest.mark.parametrize("text", ["23", "2023-3", "March 2023", "2023-02-30"])
def test_anything_else_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_publication_date(text)


def test_the_command_line_takes_a_year_alone(org_a: object, tmp_path: Path) -> None:
    path = tmp_path / "annual.txt"
    path.write_text(TEXT)
    done = run(commands.coi_import, str(path), "--country", "CM", "--title", "Annual report", "--date", "2023",
               "--org", "clinic-a", "--format", "json")
    assert done.returncode == 0, done.stdout
    report = Report.objects.get()
    assert (report.date, report.date_precision) == (datetime.date(2023, 1, 1), "year")
    assert report.date_label == "2023" and report.date_iso == "2023"
    found = json.loads(run(commands.coi_search, "gendarmes", "--org", "clinic-a", "--format", "json").stdout)
    assert found["results"][0]["report"]["date"] == "2023"


def test_a_bad_date_on_the_command_line_says_what_is_accepted(org_a: object, tmp_path: Path) -> None:
    path = tmp_path / "annual.txt"
    path.write_text(TEXT)
    bad = run(commands.coi_import, str(path), "--country", "CM", "--date", "23", "--org", "clinic-a")
    assert bad.returncode == 2 and "or a year, YYYY" in bad.stdout
    assert not Report.objects.exists()


def test_a_metadata_sheet_takes_a_year_alone(org_a: object, tmp_path: Path) -> None:
    (tmp_path / "metadata.yaml").write_text("defaults:\n  country: CM\nfiles:\n  annual.txt:\n    date: 2022\n")
    (tmp_path / "annual.txt").write_text(TEXT)
    assert run(commands.coi_import, str(tmp_path), "--org", "clinic-a").returncode == 0
    report = Report.objects.get()
    assert (report.date, report.date_precision, report.date_label) == (datetime.date(2022, 1, 1), "year", "2022")


def test_the_web_form_takes_a_year_alone_and_shows_it(as_alice: Client, web_import: Any) -> None:
    upload = SimpleUploadedFile("annual.txt", TEXT.encode(), content_type="text/plain")
    web_import(as_alice, {"file": upload, "countries": "CM", "doc_type": "report", "title": "Annual report",
                          "date": "2021"})
    report = Report.objects.get()
    response = as_alice.get(reverse("coi_library"), {"report": report.pk})
    assert response.status_code == 200
    assert (report.date, report.date_precision) == (datetime.date(2021, 1, 1), "year")
    page = response.content.decode()
    assert "2021" in page and "1 January 2021" not in page and "2021-01-01" not in page
    library = as_alice.get(reverse("coi_library")).content.decode()
    assert "<td>2021</td>" in library


def test_the_web_form_refuses_a_date_it_cannot_read(as_alice: Client) -> None:
    upload = SimpleUploadedFile("annual.txt", TEXT.encode(), content_type="text/plain")
    response = as_alice.post(reverse("coi_import"), {"file": upload, "countries": "CM", "doc_type": "report",
                                                     "date": "2021/05"})
    assert response.status_code == 200 and "a year as YYYY" in response.content.decode()
    assert not Report.objects.exists()


def test_a_year_alone_is_outdated_only_once_its_last_day_is(alice: User, case: Case, as_alice: Client,
                                                           web_import: Any) -> None:
    """The us-eoir pack allows 12 months: a 2024 report may date from December 2024."""
    upload = SimpleUploadedFile("annual.txt", TEXT.encode(), content_type="text/plain")
    web_import(as_alice, {"file": upload, "countries": "CM", "doc_type": "report", "date": "2024"})
    report = Report.objects.get()
    citation = citation_add(actor=alice, case=case, passage=report.passages.get(), elements=[])
    case.hearing_date = datetime.date(2025, 12, 1)  # more than 12 months after 1 January 2024, not after 31 December
    assert citation_flags(citation=citation, case=case) == []
    case.hearing_date = datetime.date(2026, 1, 2)
    (flag,) = citation_flags(citation=citation, case=case)
    assert flag.code == "outdated" and flag.message.endswith("published 2024.")
