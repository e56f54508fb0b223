"""The organisation's own pages in the URL × persona matrix (tests/test_permissions.py lists them):
its library for its members, its admin pages for its admins, its interpreter list for its working roles;
404 for everyone else, sign-in for nobody signed in."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from article3.accounts.models import Role
from article3.cases.models import Case
from tests.conftest import client_for, make_user
from tests.test_permissions import (
    LIBRARY,
    ORG_ADMIN,
    ORG_ADMIN_POST,
    ORG_WORK,
    ORG_WORK_RECORD,
    ROUTES,
    sends_to_login,
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (a, _) in ROUTES.items() if a == LIBRARY))
def test_library_routes(name: str, case: Case, alice: User, bob: User, dave: User, charlie: User,
                        deactivated: User) -> None:
    kwargs = ROUTES[name][1]
    assert kwargs is not None
    url = reverse(name, kwargs=kwargs(case))
    for member in (alice, bob, dave):
        assert client_for(member).get(url).status_code == 200, "members of the organisation read its library"
    assert client_for(charlie).get(url).status_code == 404, "another organisation's admin"
    sends_to_login(url, deactivated)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (a, _) in ROUTES.items() if a == ORG_ADMIN))
def test_organisation_admin_routes(name: str, org_a: Any, alice: User, charlie: User, deactivated: User) -> None:
    admin = make_user(org_a, "admin@example.org", Role.ADMIN)
    url = reverse(name)
    assert client_for(admin).get(url).status_code == 200
    assert client_for(charlie).get(url).status_code == 200, "another organisation's admin sees their own"
    assert client_for(alice).get(url).status_code == 404, "not an admin"
    sends_to_login(url, deactivated)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (a, _) in ROUTES.items() if a == ORG_ADMIN_POST))
def test_organisation_admin_changes(name: str, case: Case, org_a: Any, alice: User, bob: User, charlie: User,
                                    deactivated: User) -> None:
    """Only the organisation's admins change its members; another organisation's admin gets 404."""
    admin = make_user(org_a, "admin@example.org", Role.ADMIN)
    kwargs = ROUTES[name][1]
    url = reverse(name, kwargs=kwargs(case) if kwargs else None)
    assert client_for(bob).post(url).status_code == 404, "not an admin"
    if kwargs is None:  # acts on the admin's own organisation: charlie changes his, not this one
        client_for(charlie).post(url, {"required": "1"})
        org_a.refresh_from_db()
        assert not org_a.require_second_factor
    else:
        assert client_for(charlie).post(url).status_code == 404, "another organisation's admin"
    sends_to_login(url, deactivated, "post")
    assert client_for(admin).post(url).status_code < 400  # done, or refused with a message


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (a, _) in ROUTES.items() if a == ORG_WORK))
def test_organisation_work_routes(name: str, org_a: Any, alice: User, bob: User, dave: User, charlie: User,
                                  deactivated: User) -> None:
    url = reverse(name)
    paralegal = make_user(org_a, "paula@example.org", Role.PARALEGAL)
    for member in (alice, dave, paralegal, make_user(org_a, "admin@example.org", Role.ADMIN)):
        assert client_for(member).get(url).status_code == 200, "working roles keep the list"
    assert client_for(charlie).get(url).status_code == 200, "another organisation's admin sees their own"
    for reader in (bob, make_user(org_a, "ivan@example.org", Role.INTERPRETER),
                   make_user(org_a, "erin@example.org", Role.EXPERT)):
        assert client_for(reader).get(url).status_code == 404, "viewers, interpreters and experts do not"
        assert client_for(reader).post(url, {"name": "X", "languages": "French"}).status_code == 404
    sends_to_login(url, deactivated)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (a, _) in ROUTES.items() if a == ORG_WORK_RECORD))
def test_organisation_work_records(name: str, case: Case, alice: User, bob: User, dave: User, charlie: User,
                                   deactivated: User) -> None:
    kwargs = ROUTES[name][1]
    assert kwargs is not None
    url = reverse(name, kwargs=kwargs(case))
    for other in (bob, charlie):
        assert client_for(other).get(url).status_code == 404, "a viewer, or another organisation's admin"
        assert client_for(other).post(url).status_code == 404
    sends_to_login(url, deactivated, "get", "post")
    assert client_for(dave).get(url).status_code == 200, "an attorney of the organisation, on no case"
    assert client_for(alice).get(url).status_code == 200
    assert client_for(alice).post(url).status_code < 400  # the form again with its errors, or done
