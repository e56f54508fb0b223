"""The client portal in the URL × persona matrix (tests/test_permissions.py lists its pages): the
case's client reaches their own portal and account pages, nothing of the team's or the organisation's;
lawyers, and another case's client, get 404 there."""

import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.cases.models import Case
from tests.conftest import client_for
from tests.test_permissions import (
    CLIENT,
    CLIENT_POST,
    ROUTES,
    SIGNED_IN,
    SIGNED_IN_POST,
    request_as,
    sends_to_login,
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (a, _) in ROUTES.items() if a in (CLIENT, CLIENT_POST)))
def test_client_portal_routes(name: str, case: Case, applicant: User, alice: User, charlie: User,
                              deactivated: User) -> None:
    """The portal shows the applicant their own case; to everyone else, lawyers of the case included, 404."""
    access, kwargs = ROUTES[name]
    url = reverse(name, kwargs=kwargs(case) if kwargs else None)
    assert request_as(applicant, url, access) == 200
    for lawyer in (alice, charlie):
        assert request_as(lawyer, url, access) == 404, "the portal is the client's, not the team's"
    other_case_client = _other_client(charlie)
    if kwargs:  # one record of the case: another case's client does not reach it
        assert request_as(other_case_client, url, access) == 404, "another case's client"
    else:  # the same address shows another case's client their own case
        assert case.reference not in client_for(other_case_client).get(url).content.decode()
    sends_to_login(url, deactivated)


def _other_client(owner: User) -> User:
    from article3.cases.services import case_create
    from article3.portal.services import client_invite

    other = case_create(actor=owner, organisation=owner.memberships.get().organisation, reference="B-2026-001",
                        forum="us-eoir", country_of_return="CM", applicant_name="Other Applicant", owner_id=owner.pk)
    access, _ = client_invite(actor="test", case=other, email="other-client@example.net", relationship="applicant",
                              language="es")
    return access.user  # type: ignore[no-any-return]


# What a client may open besides the portal: their own account (password, second factor, sessions).
CLIENT_ACCOUNT = frozenset({"account", "account_password", "account_recovery_codes", "account_sessions_end"})


@pytest.mark.django_db
def test_a_client_reaches_no_page_of_the_team_or_the_organisation(case: Case, applicant: User) -> None:
    from article3.cases.services import person_add
    from article3.evidence.services import document_add

    person_add(actor="test", case=case, role="family", name="Canary Person", relation="sister")
    document_add(actor="test", case=case, stream=io.BytesIO(b"A witness statement."), filename="w.txt",
                 kind="witness_statement", process=False)
    assert client_for(applicant).get(reverse("dashboard"))["Location"] == reverse("portal_home")
    skip = CLIENT_ACCOUNT | {"dashboard", "login", "logout", "two_factor", "language_choose", "set_password",
                             "healthz", "readyz", "file_download", "deadlines_ics"}
    for name, (access, kwargs) in ROUTES.items():
        if name in skip or access in (CLIENT, CLIENT_POST):
            continue
        url = reverse(name, kwargs=kwargs(case) if kwargs else None)
        refused = (403, 404, 405) if access in (SIGNED_IN, SIGNED_IN_POST) else (404, 405)  # no case named there
        for method in ("get", "post"):
            status = getattr(client_for(applicant), method)(url).status_code
            assert status in refused, f"{name} ({method.upper()}) answered {status} to the case's client"
