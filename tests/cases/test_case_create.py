"""Who may open a case, and what refusing a taken reference says (issue 17)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.accounts.models import Organisation, Role
from article3.cases.models import Case
from article3.cases.services import REFERENCE_REFUSED, case_create
from article3.errors import DomainError, NotPermitted
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db
FORM = {"reference": "NEW-1", "forum": "us-eoir", "country_of_return": "CM", "applicant_name": "Someone",
        "stage": "intake"}


def _create(actor: User, org: Organisation, reference: str = "NEW-1") -> Case:
    return case_create(actor=actor, organisation=org, reference=reference, forum="us-eoir", country_of_return="CM",
                       applicant_name="Someone", owner_id=actor.pk)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.INTERPRETER, Role.EXPERT, Role.PARALEGAL])
def test_it_refuses_roles_that_may_not_open_cases(org_a: Organisation, role: str) -> None:
    member = make_user(org_a, f"{role}@example.org", role)
    with pytest.raises(NotPermitted):
        _create(member, org_a)
    assert not Case.objects.filter(reference="NEW-1").exists()


def test_a_viewer_cannot_open_a_case_from_the_web(bob: User) -> None:
    client = client_for(bob)
    assert client.get(reverse("case_create")).status_code == 403
    assert client.post(reverse("case_create"), FORM).status_code == 403
    assert not Case.objects.filter(reference="NEW-1").exists()


def test_attorneys_and_admins_open_cases(alice: User, org_a: Organisation, charlie: User, org_b: Organisation) -> None:
    assert _create(alice, org_a).team.get().role == Role.ATTORNEY
    assert _create(charlie, org_b).organisation == org_b
    response = client_for(alice).post(reverse("case_create"), {**FORM, "reference": "NEW-2"})
    assert response.status_code == 302 and Case.objects.filter(reference="NEW-2").exists()


def test_a_member_of_another_organisation_cannot_open_a_case_in_this_one(charlie: User, org_a: Organisation) -> None:
    with pytest.raises(NotPermitted):
        _create(charlie, org_a)


def test_a_taken_reference_is_refused_in_the_same_words_whether_or_not_the_case_is_visible(
        case: Case, alice: User, dave: User, org_a: Organisation) -> None:
    messages = []
    for actor in (alice, dave):  # alice is on the case; dave is an attorney who cannot see it
        with pytest.raises(DomainError) as caught:
            _create(actor, org_a, reference=case.reference)
        messages.append(str(caught.value))
    assert messages == [REFERENCE_REFUSED, REFERENCE_REFUSED]
    assert case.reference not in REFERENCE_REFUSED and "exist" not in REFERENCE_REFUSED
    page = client_for(dave).post(reverse("case_create"), {**FORM, "reference": case.reference})
    assert page.status_code == 200
    assert "exist" not in page.content.decode() and Case.objects.filter(reference=case.reference).count() == 1
