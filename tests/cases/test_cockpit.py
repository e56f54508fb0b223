"""The case overview says what to do next, each item linked to where it is done."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from article3.bundles.models import BundleBuild
from article3.cases.models import Case, CaseCheck
from article3.evidence.models import Document
from tests.deadlines.factories import deadline_for


def cockpit(client: Client, case: Case) -> str:
    html = client.get(reverse("case_detail", kwargs={"case_id": case.public_id})).content.decode()
    start = html.index('id="cockpit"')
    return html[start: html.index("</section>", start)]


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC), tick=False)
def test_the_next_deadline_with_the_days_left_links_to_its_row(case: Case, as_alice: Client) -> None:
    deadline = deadline_for(case, date=datetime.date(2026, 6, 1))
    assert deadline.due is not None
    part = cockpit(as_alice, case)
    days = (deadline.due - datetime.date(2026, 6, 10)).days
    assert f"{days} days left" in part and deadline.label in part
    href = reverse("deadlines_case", kwargs={"case_id": case.public_id}) + f"#deadline-{deadline.pk}"
    assert f'href="{href}"' in part
    page = as_alice.get(href.split("#")[0]).content.decode()
    assert f'id="deadline-{deadline.pk}"' in page, "the link lands on the deadline's row"


@pytest.mark.django_db
def test_an_overdue_deadline_says_so(case: Case, as_alice: Client) -> None:
    deadline_for(case, date=datetime.date(2020, 1, 6))
    assert re.search(r"overdue by \d+ days", cockpit(as_alice, case))


@pytest.mark.django_db
def test_high_findings_and_the_open_conflict_link_to_where_they_are_fixed(demo_case: Case, as_alice: Client) -> None:
    part = cockpit(as_alice, demo_case)
    findings = re.findall(r'<li><a href="([^"]+)">', part[part.index('id="high-findings"'):])
    gaps = reverse("case_gaps", kwargs={"case_id": demo_case.public_id})
    assert findings and all(href.startswith(gaps + "#c-") for href in findings[:1])
    gap_page = as_alice.get(gaps).content.decode()
    assert f'id="{findings[0].split("#")[1]}"' in gap_page, "the link lands on the finding's row"

    conflicts = part[part.index('id="open-conflicts"'):]
    href = re.search(r'<a href="([^"]+)">Dates disagree', conflicts)
    assert href is not None
    path, anchor = href.group(1).split("#")
    assert path == reverse("case_event", kwargs={"case_id": demo_case.public_id, "key": "e-arrest-2019"})
    assert f'<article class="conflict" id="{anchor}"' in as_alice.get(path).content.decode()


@pytest.mark.django_db
def test_stale_documents_and_a_bundle_built_before_a_change(demo_case: Case, as_alice: Client) -> None:
    part = cockpit(as_alice, demo_case)
    assert "Medical evaluation</a>: out of date by the hearing" in part
    assert "No bundle built yet" in part

    for document in demo_case.documents.all():  # as if converted (no worker runs here)
        Document.objects.filter(pk=document.pk).update(derived_sha256=document.original_sha256)
    ready = list(demo_case.documents.all())
    build = BundleBuild.objects.create(case=demo_case, profile="us-eoir", requested_by="test", status="done",
                                       pages=12, inputs=[[d.key, d.derived_sha256] for d in ready],
                                       finished_at=datetime.datetime.now(datetime.UTC))
    assert "No document changed since." in cockpit(as_alice, demo_case)

    build.inputs = [[ready[0].key, "0" * 64]] + [[d.key, d.derived_sha256] for d in ready[1:]]
    build.save()  # the first document changed after the build
    part = cockpit(as_alice, demo_case)
    assert "12 pages" in part and "Documents changed since:" in part
    assert ready[0].label in part.split("Documents changed since:")[1]


@pytest.mark.django_db
def test_untranslated_documents_are_listed(case: Case, as_alice: Client) -> None:
    from tests.claims.factories import document_for

    document_for(case, "d-summons", "threat", language="fr", pages=("Convocation.",))
    part = cockpit(as_alice, case)
    assert "not translated yet" in part


@pytest.mark.django_db
def test_the_overview_keeps_the_count_of_high_findings_for_the_dashboard(demo_case: Case, as_alice: Client) -> None:
    part = cockpit(as_alice, demo_case)
    shown = int(re.search(r"High findings <small>(\d+)</small>", part).group(1))  # type: ignore[union-attr]
    conflicts = int(re.search(r"Open conflicts between sources <small>(\d+)</small>", part).group(1))  # type: ignore[union-attr]
    assert CaseCheck.objects.get(case=demo_case).high_findings == shown + conflicts
