"""Monitoring sees every report: reports imported by hand (service, web, command line) are matched to
watching cases like feed items, and terms match word forms (stemming, as the search does), not prefixes."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.coi import commands
from article3.coi.alerts import passages_naming, report_match_cases
from article3.coi.models import CoiAlert, Report
from article3.coi.services import ReportMeta, report_import
from tests.coi.test_commands import run

pytestmark = pytest.mark.django_db

DETENTIONS = """# Cameroon: returns

## Treatment on arrival

Two returnees were arrested at the airport and tortured in custody.

## Other news

The article on the new party law was published in March; artists protested.
"""


def watching(case: Case, terms: str) -> Case:
    case.risk_terms = terms
    case.save()
    return case


def imported(org: Organisation, text: str = DETENTIONS, *, watch: bool = True) -> tuple[Report, list[CoiAlert]]:
    result = report_import(actor="test", organisation=org, data=text.encode(), meta=ReportMeta(countries=["CM"]),
                           filename="returns.txt", watch=watch)
    return result.report, result.alerts


def test_terms_match_other_word_forms(org_a: Organisation, case: Case) -> None:
    watching(case, "arrest, torture, returnee")
    report, (alert,) = imported(org_a)
    assert alert.case == case and alert.terms == ["arrest", "torture", "returnee"]
    assert alert.passage is not None and "arrested at the airport and tortured" in alert.passage.text
    assert AuditEntry.objects.filter(action="coi.alert.created", case_id=case.pk).count() == 1
    assert report.alerts.count() == 1


def test_a_term_is_not_a_prefix(org_a: Organisation, case: Case) -> None:
    """The old prefix match found "art" in "article" and "artists", and "part" in "party"."""
    watching(case, "art, part")
    report, alerts = imported(org_a)
    assert alerts == [] and not CoiAlert.objects.exists()
    assert passages_naming(report, "art") == set()
    assert passages_naming(report, "artist") != set(), "a plural is a word form of the term"


def test_a_phrase_term_matches_its_words_in_order(org_a: Organisation, case: Case) -> None:
    report, _ = imported(org_a, watch=False)
    assert len(passages_naming(report, "arrested at the airports")) == 1
    assert passages_naming(report, "airport arrested") == set()


def test_matching_again_raises_no_second_alert(org_a: Organisation, case: Case) -> None:
    watching(case, "torture")
    report, alerts = imported(org_a)
    assert len(alerts) == 1
    assert report_match_cases(actor="test", report=report) == []


def test_an_import_without_watching_raises_nothing(org_a: Organisation, case: Case) -> None:
    """A case package bringing its own cited reports does not alert the organisation's other cases."""
    watching(case, "torture")
    _, alerts = imported(org_a, watch=False)
    assert alerts == [] and not CoiAlert.objects.exists()


def test_a_report_imported_on_the_web_alerts_watching_cases(as_alice: Client, case: Case, web_import: Any) -> None:
    watching(case, "torture")
    upload = SimpleUploadedFile("returns.txt", DETENTIONS.encode(), content_type="text/plain")
    response = web_import(as_alice, {"file": upload, "countries": "CM", "doc_type": "report"})
    assert "It may bear on 1 case: see the alerts." in response.content.decode()
    (alert,) = CoiAlert.objects.all()
    assert alert.case == case and alert.terms == ["torture"]
    tab = as_alice.get(reverse("case_coi", kwargs={"case_id": case.public_id})).content.decode()
    assert "New country information may bear on this case" in tab


def test_a_report_imported_from_the_command_line_alerts_watching_cases(case: Case, tmp_path: Path) -> None:
    watching(case, "arrest")
    path = tmp_path / "returns.txt"
    path.write_text(DETENTIONS)
    done = run(commands.coi_import, str(path), "--country", "CM", "--org", "clinic-a", "--format", "json")
    assert done.returncode == 0, done.stdout
    (row,) = json.loads(done.stdout)["imported"]
    assert row["alerts"] == 1
    (alert,) = CoiAlert.objects.all()
    assert alert.case == case and alert.terms == ["arrest"]
    entry = AuditEntry.objects.get(action="coi.alert.created")
    assert entry.case_id == case.pk and entry.actor.startswith("cli:")
