"""The permission matrix: every URL pattern × every persona.

A new view is covered the day it is added: a pattern missing from ROUTES fails the test.
Outsiders get 404, never 403, so that a case's existence does not leak.
"""

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from article3.cases.models import Case
from tests.chronology import factories as chron
from tests.claims import factories as claims
from tests.conftest import client_for
from tests.deadlines import factories as dl
from tests.docs import factories as docs

PUBLIC, SIGNED_IN, CASE_READ, CASE_EDIT, CASE_POST = "public", "signed_in", "read", "edit", "post"
LIBRARY = "library"  # the organisation's country information library: its members, nobody else

Kwargs = Callable[[Case], dict[str, Any]]
CASE: Kwargs = lambda c: {"case_id": c.public_id}  # noqa: E731
BUILD: Kwargs = lambda c: {**CASE(c), "build_id": _build(c).pk}  # noqa: E731
DOC: Kwargs = lambda c: {**CASE(c), "key": c.documents.first().key}  # type: ignore[union-attr]  # noqa: E731

# name -> (access, kwargs)
ROUTES: dict[str, tuple[str, Kwargs | None]] = {
    "login": (PUBLIC, None),
    "logout": (PUBLIC, None),
    "two_factor": (PUBLIC, None),
    "dashboard": (SIGNED_IN, None),
    "case_create": (SIGNED_IN, None),
    "case_detail": (CASE_READ, CASE),
    "case_edit": (CASE_EDIT, CASE),
    "case_people": (CASE_READ, CASE),
    "case_person_add": (CASE_POST, CASE),
    "case_person_delete": (CASE_POST, lambda c: {**CASE(c), "key": c.people.first().key}),  # type: ignore[union-attr]
    "case_agent_add": (CASE_POST, CASE),
    "case_intake": (CASE_READ, CASE),
    "case_intake_applicant": (CASE_POST, CASE),
    "case_intake_profile": (CASE_POST, CASE),
    "case_intake_event": (CASE_POST, lambda c: {**CASE(c), "section": "harm"}),
    "case_intake_remedy": (CASE_POST, CASE),
    "case_safety_plan": (CASE_READ, CASE),
    "case_safety_plan_print": (CASE_READ, CASE),
    "case_chronology": (CASE_READ, CASE),
    "evidence": (CASE_READ, CASE),
    "evidence_upload": (CASE_POST, CASE),
    "evidence_status": (CASE_READ, CASE),
    "evidence_document": (CASE_READ, DOC),
    "evidence_finding_add": (CASE_POST, DOC),
    "evidence_original": (CASE_READ, DOC),
    "evidence_replace": (CASE_POST, DOC),
    "evidence_previous": (CASE_READ, lambda c: {**DOC(c), "number": _previous_original(c)}),
    "evidence_pdf": (CASE_READ, DOC),
    "bundles": (CASE_READ, CASE),
    "bundles_build": (CASE_POST, CASE),
    "bundles_reorder": (CASE_POST, CASE),
    "bundles_build_detail": (CASE_READ, BUILD),
    "bundles_build_status": (CASE_READ, BUILD),
    "bundles_volume": (CASE_READ, lambda c: {**BUILD(c), "number": 1}),
    "case_chronology_pdf": (CASE_READ, CASE),
    "case_chronology_docx": (CASE_READ, CASE),
    "case_event_add": (CASE_EDIT, CASE),
    "case_event": (CASE_READ, lambda c: {**CASE(c), "key": chron.event_for(c).key}),
    "case_event_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": chron.event_for(c).key}),
    "case_event_delete": (CASE_POST, lambda c: {**CASE(c), "key": chron.event_for(c).key}),
    "case_account_add": (CASE_EDIT, lambda c: {**CASE(c), "key": chron.event_for(c).key}),
    "case_account_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": "e-test", "account_id": chron.account_for(c).pk}),
    "case_account_delete": (CASE_POST, lambda c: {**CASE(c), "key": "e-test", "account_id": chron.account_for(c).pk}),
    "case_chronology_extract": (CASE_READ, CASE),
    "case_chronology_extract_document": (CASE_READ, lambda c: {**CASE(c), "doc_key": chron.document_for(c).key}),
    "case_chronology_statement": (CASE_POST, lambda c: {**CASE(c), "doc_key": chron.document_for(c).key}),
    "coi_library": (SIGNED_IN, None),
    "coi_import": (SIGNED_IN, None),
    "coi_report_original": (LIBRARY, lambda c: {"report_id": _report(c).pk}),
    "coi_report_pdf": (LIBRARY, lambda c: {"report_id": _report(c).pk}),
    "coi_sources": (SIGNED_IN, None),
    "case_coi": (CASE_READ, CASE),
    "case_coi_cite": (CASE_POST, CASE),
    "case_coi_citation_remove": (CASE_POST, CASE),
    "case_coi_alert_dismiss": (CASE_POST, CASE),
    "case_elements": (CASE_READ, CASE),
    "case_element": (CASE_READ, lambda c: {**CASE(c), "code": "past_torture"}),
    "case_fact_add": (CASE_EDIT, CASE),
    "case_fact": (CASE_READ, lambda c: {**CASE(c), "key": claims.fact_for(c).key}),
    "case_fact_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": claims.fact_for(c).key}),
    "case_fact_delete": (CASE_POST, lambda c: {**CASE(c), "key": claims.fact_for(c).key}),
    "case_support_add": (CASE_POST, lambda c: {**CASE(c), "key": claims.fact_for(c).key}),
    "case_support_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": "f-test", "support_id": claims.support_for(c).pk}),
    "case_support_delete": (CASE_POST, lambda c: {**CASE(c), "key": "f-test", "support_id": claims.support_for(c).pk}),
    "case_gaps": (CASE_READ, CASE),
    "case_gaps_pdf": (CASE_READ, CASE),
    "case_questions": (CASE_READ, CASE),
    "deadlines_case": (CASE_READ, CASE),
    "deadlines_decision_add": (CASE_POST, CASE),
    "deadlines_compute": (CASE_POST, CASE),
    "deadlines_done": (CASE_POST, lambda c: {**CASE(c), "pk": dl.deadline_for(c).pk}),
    "deadlines_interim_add": (CASE_POST, CASE),
    "deadlines_interim_update": (CASE_POST, lambda c: {**CASE(c), "pk": dl.interim_for(c).pk}),
    "deadlines_calendar": (SIGNED_IN, None),
    "deadlines_feeds": (SIGNED_IN, None),
    "file_download": (PUBLIC, None),  # the encrypted link is the credential: see tests/evidence/test_delivery.py
    "deadlines_ics": (PUBLIC, None),  # the token is the credential: see tests/deadlines/test_ics.py
    "case_docs": (CASE_READ, CASE),
    "case_docs_generate": (CASE_POST, CASE),
    "case_docs_download": (CASE_READ, lambda c: {**CASE(c), "pk": docs.generated_for(c).pk, "fmt": "docx"}),
    "case_docs_renumber": (CASE_POST, lambda c: {**CASE(c), "pk": docs.generated_for(c).pk}),
    "case_docs_link": (CASE_POST, lambda c: {**CASE(c), "pk": docs.generated_for(c).pk}),
    "case_docs_safety_plan": (CASE_READ, CASE),
    "case_docs_template": (CASE_READ, lambda c: {**CASE(c), "kind": "brief"}),
    "case_docs_template_upload": (CASE_POST, CASE),
    "case_docs_template_delete": (CASE_POST, lambda c: {**CASE(c), "pk": docs.override_for(c).pk}),
}


def _build(case: Case) -> Any:
    """A finished build with one volume, made without running the engine."""
    from article3.bundles.models import BundleBuild, BundleVolume

    build = BundleBuild.objects.filter(case=case).first()
    if build is None:
        build = BundleBuild.objects.create(case=case, profile="generic", requested_by="test", status="done")
        sha = case.documents.first().original_sha256  # type: ignore[union-attr]
        BundleVolume.objects.create(build=build, number=1, name="b.pdf", sha256=sha, pages=1, bytes=1,
                                    first_page=1, last_page=1)
    return build


def _previous_original(case: Case) -> int:
    """Number 1 of the first document's previous originals (recorded as a replace would)."""
    from article3.evidence.models import PreviousOriginal

    document = case.documents.first()
    assert document is not None
    PreviousOriginal.objects.get_or_create(document=document, sha256=document.original_sha256)
    return 1


def _report(case: Case) -> Any:
    """A report in the library of the case's organisation, stored without the import pipeline."""
    from article3.coi.models import Report
    from article3.evidence.storage import vault

    sha = vault().put(stream=io.BytesIO(b"Arrests were reported.")).sha256
    report, _ = Report.objects.get_or_create(
        organisation_id=case.organisation_id, sha256=sha,
        defaults={"title": "Report", "text_sha256": sha, "file_type": "txt", "derived_sha256": sha,
                  "imported_by": "test"})
    return report


def all_names(resolver: URLResolver | None = None) -> Iterator[str]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_names(entry)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name


def test_every_url_pattern_is_in_the_matrix() -> None:
    unmapped = sorted(set(all_names()) - set(ROUTES))
    assert unmapped == [], f"add these URL names to ROUTES in {__file__}: {unmapped}"


def _request(user: User | None, url: str, access: str) -> int:
    client = client_for(user)
    method = client.post if access == CASE_POST else client.get
    return method(url).status_code


@pytest.fixture
def deactivated(case: Case, org_a: Any) -> User:
    from article3.accounts.models import Role
    from article3.cases.services import team_member_add
    from tests.conftest import make_user

    user = make_user(org_a, "gone@example.org", Role.ATTORNEY)
    team_member_add(actor="test", case=case, user_id=user.pk, role=Role.ATTORNEY)
    user.is_active = False
    user.save()
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (a, _) in ROUTES.items() if a in (CASE_READ, CASE_EDIT, CASE_POST)))
def test_case_routes(name: str, case: Case, alice: User, bob: User, dave: User, charlie: User,
                     deactivated: User) -> None:
    from article3.cases.services import person_add
    from article3.evidence.services import document_add

    person_add(actor="test", case=case, role="family", name="Canary Person", relation="sister")
    document_add(actor="test", case=case, stream=io.BytesIO(b"A witness statement."), filename="w.txt",
                 kind="witness_statement", process=False)
    access, kwargs = ROUTES[name]
    assert kwargs is not None
    url = reverse(name, kwargs=kwargs(case))
    assert _request(alice, url, access) < 400, "the case owner can use it"
    bob_status = _request(bob, url, access)
    assert bob_status == (200 if access == CASE_READ else 403), "a viewer reads but does not edit"
    assert _request(dave, url, access) == 404, "same organisation, not on the team"
    assert _request(charlie, url, access) == 404, "another organisation's admin"
    for outsider in (None, deactivated):
        response = client_for(outsider).get(url) if access != CASE_POST else client_for(outsider).post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_signed_in_routes_send_anonymous_to_login(alice: User) -> None:
    for name in (n for n, (a, _) in ROUTES.items() if a == SIGNED_IN):
        url = reverse(name)
        assert client_for(alice).get(url).status_code == 200
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


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
    for outsider in (None, deactivated):
        response = client_for(outsider).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_unknown_case_is_404_for_everyone(alice: User) -> None:
    url = reverse("case_detail", kwargs={"case_id": "00000000-0000-0000-0000-000000000000"})
    assert client_for(alice).get(url).status_code == 404
