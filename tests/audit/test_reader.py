"""Reading the audit log: per case, organisation-wide, as CSV and from `article3 audit show`."""

import csv
import io
import json

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.urls import reverse

from article3.accounts.models import Organisation, Role
from article3.audit.commands import audit_show
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from tests.audit.test_chain import _raw
from tests.chronology import factories as chron
from tests.conftest import client_for, make_user


def _url(case: Case, name: str = "case_audit") -> str:
    return reverse(name, kwargs={"case_id": case.public_id})


@pytest.mark.django_db
def test_an_attorney_reads_who_did_what_in_plain_words(case: Case, alice: User, bob: User) -> None:
    chron.document_for(case, title="Declaration of the applicant")
    client_for(bob).get(reverse("case_safety_plan", kwargs={"case_id": case.public_id}))
    client_for(bob).get(reverse("evidence_document", kwargs={"case_id": case.public_id, "key": "d-declaration"}))
    page = client_for(alice).get(_url(case))
    assert page.status_code == 200
    text = page.content.decode().split("<tbody>")[1]
    assert "bob@example.org" in text and "the safety plan" in text and "Opened" in text
    assert "cases.page.viewed" not in text and "user:" not in text  # no internal codes for people to decode
    assert "The log is intact" in page.content.decode()
    assert "Checked from the first entry at " in page.content.decode()
    assert AuditEntry.objects.filter(action="audit.log.viewed", case_id=case.pk, actor=f"user:{alice.pk}").exists()


@pytest.mark.django_db
def test_filters_by_person_and_action(case: Case, alice: User, bob: User) -> None:
    client_for(bob).get(reverse("case_people", kwargs={"case_id": case.public_id}))
    page = client_for(alice).get(_url(case), {"actor": f"user:{bob.pk}", "kind": "viewed"})
    rows = page.context["rows"]
    assert rows and {r.actor for r in rows} == {"bob@example.org"} and {r.action_words for r in rows} == {"Opened"}
    assert client_for(alice).get(_url(case), {"kind": "downloaded"}).context["rows"] == []


@pytest.mark.django_db
def test_a_long_log_reads_a_hundred_entries_a_page_newest_first(case: Case, alice: User, bob: User) -> None:
    for _ in range(120):
        client_for(bob).get(reverse("case_people", kwargs={"case_id": case.public_id}))
    newest = AuditEntry.objects.filter(case_id=case.pk).order_by("-seq")
    first = client_for(alice).get(_url(case), {"actor": f"user:{bob.pk}"})
    seqs = [r.seq for r in first.context["rows"]]
    assert len(seqs) == 100 and seqs == list(newest.filter(actor=f"user:{bob.pk}").values_list("seq", flat=True)[:100])
    page = first.content.decode()
    assert "Showing 1 to 100, newest first" in page and "Page 1 of 2" in page and "Newer entries" not in page
    older = page.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert older.startswith("?actor=") and f"user%3A{bob.pk}" in older, "the filter is kept from page to page"
    second = client_for(alice).get(_url(case) + older)
    assert [r.seq for r in second.context["rows"]] == list(
        newest.filter(actor=f"user:{bob.pk}").values_list("seq", flat=True)[100:])
    assert "Showing 101 to " in second.content.decode() and "Older entries" not in second.content.decode()
    assert client_for(alice).get(_url(case), {"page": "999"}).context["rows"], "a page past the end shows the last"
    assert client_for(alice).get(_url(case), {"page": "x"}).status_code == 200


@pytest.mark.django_db
def test_the_csv_export_is_audited_and_readable(case: Case, alice: User, bob: User) -> None:
    client_for(bob).get(reverse("case_people", kwargs={"case_id": case.public_id}))
    response = client_for(alice).get(_url(case, "case_audit_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["number", "time (UTC)", "who", "what", "about", "case"]
    assert ["bob@example.org", "Opened", "the people of the case", "A-2026-001"] in [r[2:] for r in rows]
    assert AuditEntry.objects.filter(action="audit.log.exported", case_id=case.pk).exists()


@pytest.mark.django_db
def test_viewers_and_paralegals_do_not_read_the_log(case: Case, bob: User) -> None:
    paralegal = make_user(case.organisation, "pat@example.org", Role.PARALEGAL)
    from article3.cases.services import team_member_add

    team_member_add(actor="test", case=case, user_id=paralegal.pk, role=Role.PARALEGAL)
    assert client_for(bob).get(_url(case)).status_code == 403
    assert client_for(paralegal).get(_url(case)).status_code == 403


@pytest.mark.django_db
def test_a_broken_chain_is_shown_where_it_breaks(case: Case, alice: User) -> None:
    entry = AuditEntry.objects.order_by("seq")[1]
    _raw("UPDATE audit_auditentry SET action = 'x.y.z' WHERE id = %s", [entry.pk])
    page = client_for(alice).get(_url(case)).content.decode()
    assert "The log is damaged" in page and f"number {entry.seq}" in page


@pytest.mark.django_db
def test_the_organisation_log_is_for_its_admins(case: Case, org_a: Organisation, org_b: Organisation,
                                                 alice: User, charlie: User) -> None:
    admin = make_user(org_a, "admin@example.org", Role.ADMIN)
    client_for(alice).get(_url(case, "case_detail"))
    page = client_for(admin).get(reverse("audit_log"))
    assert page.status_code == 200 and "A-2026-001" in page.content.decode()
    assert "A-2026-001" not in client_for(charlie).get(reverse("audit_log")).content.decode()


@pytest.mark.django_db
def test_the_command_lists_views_with_their_actors(case: Case, alice: User, bob: User) -> None:
    client_for(bob).get(reverse("case_safety_plan", kwargs={"case_id": case.public_id}))
    result = CliRunner().invoke(audit_show, ["A-2026-001", "--org", "clinic-a", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["chain"]["ok"] is True
    assert {"actor": "bob@example.org", "description": "Opened", "object": "the safety plan"}.items() <= next(
        e for e in data["entries"] if e["action"] == "cases.page.viewed").items()
    assert AuditEntry.objects.filter(action="audit.log.viewed", actor__startswith="cli:", case_id=case.pk).exists()
    later = CliRunner().invoke(audit_show, ["A-2026-001", "--org", "clinic-a", "--since", "2999-01-01",
                                            "--format", "json"])
    assert json.loads(later.output)["entries"] == []
