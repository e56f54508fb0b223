"""The case team: the Team tab, its services and `article3 case team`."""

import json

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.urls import reverse

from article3.accounts.models import Organisation, Role
from article3.audit.models import AuditEntry
from article3.cases.commands import case_team
from article3.cases.models import Case, CaseMember, CaseShare
from article3.cases.services import case_create, case_share_set, team_member_add, team_member_remove
from article3.errors import DomainError
from tests.chronology import factories as chron
from tests.conftest import client_for, make_user


def _team_url(case: Case, name: str = "case_team", **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


@pytest.mark.django_db
def test_the_creator_is_on_the_team_as_attorney(org_a: Organisation, alice: User) -> None:
    created = case_create(actor=alice, organisation=org_a, reference="T-1", forum="us-eoir",
                          country_of_return="CM", applicant_name="X", owner_id=alice.pk)
    assert CaseMember.objects.get(case=created).role == Role.ATTORNEY


@pytest.mark.django_db
def test_it_adds_changes_and_removes_a_colleague_from_the_team_tab(case: Case, alice: User, dave: User) -> None:
    client = client_for(alice)
    page = client.get(_team_url(case))
    assert page.status_code == 200 and b"dave@example.org" in page.content  # offered, not yet on the team
    assert client_for(dave).get(_team_url(case)).status_code == 404
    client.post(_team_url(case, "case_team_add"), {"email": "dave@example.org", "role": "paralegal"})
    seat = CaseMember.objects.get(case=case, user=dave)
    assert seat.role == Role.PARALEGAL
    assert client_for(dave).get(reverse("case_detail", kwargs={"case_id": case.public_id})).status_code == 200
    client.post(_team_url(case, "case_team_role", seat_id=seat.pk), {"role": "viewer"})
    seat.refresh_from_db()
    assert seat.role == Role.VIEWER
    client.post(_team_url(case, "case_team_remove", seat_id=seat.pk))
    assert not CaseMember.objects.filter(pk=seat.pk).exists()
    assert client_for(dave).get(reverse("case_detail", kwargs={"case_id": case.public_id})).status_code == 404
    actions = list(AuditEntry.objects.filter(case_id=case.pk, action__startswith="cases.team.")
                   .values_list("action", flat=True))
    assert actions[-3:] == ["cases.team.member_added", "cases.team.role_changed", "cases.team.member_removed"]


@pytest.mark.django_db
def test_only_attorneys_and_admins_manage_the_team(case: Case, alice: User, dave: User, bob: User) -> None:
    paralegal = make_user(case.organisation, "pat@example.org", Role.PARALEGAL)
    team_member_add(actor="test", case=case, user_id=paralegal.pk, role=Role.PARALEGAL)
    response = client_for(paralegal).post(_team_url(case, "case_team_add"), {"email": "dave@example.org",
                                                                            "role": "attorney"})
    assert response.status_code == 403
    assert client_for(bob).post(_team_url(case, "case_team_add"), {"email": "dave@example.org"}).status_code == 403
    assert not CaseMember.objects.filter(case=case, user=dave).exists()
    assert b"Add a colleague" not in client_for(paralegal).get(_team_url(case)).content


@pytest.mark.django_db
def test_people_of_another_organisation_cannot_join(case: Case, alice: User, charlie: User) -> None:
    with pytest.raises(DomainError, match="Only members"):
        team_member_add(actor=alice, case=case, user_id=charlie.pk, role=Role.VIEWER)
    client_for(alice).post(_team_url(case, "case_team_add"), {"email": "charlie@example.org", "role": "viewer"})
    assert not CaseMember.objects.filter(case=case, user=charlie).exists()


@pytest.mark.django_db
def test_a_case_role_must_be_one_of_the_team_roles(case: Case, alice: User, dave: User) -> None:
    with pytest.raises(DomainError, match="Unknown case role"):
        team_member_add(actor=alice, case=case, user_id=dave.pk, role=Role.ADMIN)


@pytest.mark.django_db
def test_the_last_attorney_stays(case: Case, alice: User) -> None:
    with pytest.raises(DomainError, match="at least one attorney"):
        team_member_remove(actor=alice, seat=CaseMember.objects.get(case=case, user=alice))


@pytest.mark.django_db
def test_sharing_is_for_this_case_only_and_audited(case: Case, org_a: Organisation, alice: User, dave: User) -> None:
    other = case_create(actor=alice, organisation=org_a, reference="T-2", forum="us-eoir",
                        country_of_return="CM", applicant_name="Y", owner_id=alice.pk)
    elsewhere = chron.document_for(other)
    seat = team_member_add(actor=alice, case=case, user_id=dave.pk, role=Role.INTERPRETER)
    with pytest.raises(DomainError, match="of this case"):
        case_share_set(actor=alice, seat=seat, document=elsewhere, shared=True)
    mine = chron.document_for(case)
    client_for(alice).post(_team_url(case, "case_team_share", seat_id=seat.pk),
                           {"item": f"document:{mine.key}", "shared": "1"})
    assert CaseShare.objects.get(seat=seat).document == mine
    assert AuditEntry.objects.filter(action="cases.share.added", case_id=case.pk, object_key=mine.key).exists()
    client_for(alice).post(_team_url(case, "case_team_share", seat_id=seat.pk),
                           {"item": f"document:{mine.key}", "shared": "0"})
    assert not CaseShare.objects.filter(seat=seat).exists()


@pytest.mark.django_db
def test_a_seat_of_another_case_is_404(case: Case, org_a: Organisation, alice: User) -> None:
    other = case_create(actor=alice, organisation=org_a, reference="T-3", forum="us-eoir",
                        country_of_return="CM", applicant_name="Z", owner_id=alice.pk)
    foreign = CaseMember.objects.get(case=other)
    response = client_for(alice).post(_team_url(case, "case_team_remove", seat_id=foreign.pk))
    assert response.status_code == 404 and CaseMember.objects.filter(pk=foreign.pk).exists()


@pytest.mark.django_db
def test_the_command_adds_lists_and_removes(case: Case, dave: User) -> None:
    runner = CliRunner()
    added = runner.invoke(case_team, ["A-2026-001", "--org", "clinic-a", "--add", "Dave@example.org",
                                      "--role", "expert", "--format", "json"])
    assert added.exit_code == 0, added.output
    rows = {r["email"]: r for r in json.loads(added.output)["team"]}
    assert rows["dave@example.org"]["role"] == "expert" and rows["alice@example.org"]["role"] == "attorney"
    assert AuditEntry.objects.filter(action="cases.team.member_added", actor__startswith="cli:").exists()
    removed = runner.invoke(case_team, ["A-2026-001", "--org", "clinic-a", "--remove", "dave@example.org"])
    assert removed.exit_code == 0, removed.output
    assert "dave@example.org" not in removed.output and "alice@example.org" in removed.output
    refused = runner.invoke(case_team, ["A-2026-001", "--org", "clinic-a", "--add", "dave@example.org"])
    assert refused.exit_code == 1 and "--role" in refused.output
