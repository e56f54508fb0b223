"""Every API route × every persona, each with a token: the web's permission matrix, for the API.

A new API route fails `test_every_api_route_is_in_the_matrix` until it is listed here. Tokens of
another organisation get 404 on every object route; interpreters and experts see only what is shared
with them; a read-scoped token cannot write.
"""

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, get_resolver, reverse

from article3.accounts.models import Organisation, Role
from article3.cases.models import Case
from tests.api.helpers import Api, api_for
from tests.chronology import factories as chron
from tests.claims import factories as claims
from tests.conftest import make_user
from tests.deadlines import factories as dl
from tests.docs import factories as docs

PUBLIC, SIGNED_IN, ORG, ORG_ADMIN, CASE_ROUTE = "public", "signed_in", "org", "org_admin", "case"
Kwargs = Callable[[Case], dict[str, Any]]
CASE: Kwargs = lambda c: {"case_id": c.public_id}  # noqa: E731
DOC: Kwargs = lambda c: {**CASE(c), "key": c.documents.get().key}  # noqa: E731
PERSON: Kwargs = lambda c: {**CASE(c), "key": c.people.get().key}  # noqa: E731

EVENT: Kwargs = lambda c: {**CASE(c), "parent": chron.event_for(c).key}  # noqa: E731
FACT: Kwargs = lambda c: {**CASE(c), "parent": claims.fact_for(c).key}  # noqa: E731
BUILD: Kwargs = lambda c: {**CASE(c), "build_id": _build(c).pk}  # noqa: E731

API_ROUTES: dict[str, tuple[str, Kwargs | None]] = {
    "api_schema": (PUBLIC, None),
    "api_docs": (PUBLIC, None),
    "api_organisations": (SIGNED_IN, None),
    "api_organisation": (ORG, lambda c: {"slug": c.organisation.slug}),
    "api_audit": (ORG_ADMIN, None),
    "api_cases": (SIGNED_IN, None),
    "api_case": (CASE_ROUTE, CASE),
    "api_case_record": (CASE_ROUTE, CASE),
    "api_people": (CASE_ROUTE, CASE),
    "api_person": (CASE_ROUTE, PERSON),
    "api_documents": (CASE_ROUTE, CASE),
    "api_document": (CASE_ROUTE, DOC),
    "api_document_original": (CASE_ROUTE, DOC),
    "api_document_pdf": (CASE_ROUTE, DOC),
    "api_translations": (CASE_ROUTE, CASE),
    "api_events": (CASE_ROUTE, CASE),
    "api_event": (CASE_ROUTE, lambda c: {**CASE(c), "key": c.events.order_by("pk").first().key}),  # type: ignore[union-attr]
    "api_accounts": (CASE_ROUTE, EVENT),
    "api_account": (CASE_ROUTE, lambda c: {**EVENT(c), "key": chron.account_for(c).pk}),
    "api_remedies": (CASE_ROUTE, CASE),
    "api_remedy": (CASE_ROUTE, lambda c: {**CASE(c), "key": c.domestic_remedies.get().key}),
    "api_facts": (CASE_ROUTE, CASE),
    "api_fact": (CASE_ROUTE, lambda c: {**CASE(c), "key": c.facts.order_by("pk").first().key}),  # type: ignore[union-attr]
    "api_support": (CASE_ROUTE, FACT),
    "api_support_item": (CASE_ROUTE, lambda c: {**FACT(c), "key": claims.support_for(c).pk}),
    "api_deadlines": (CASE_ROUTE, CASE),
    "api_deadline": (CASE_ROUTE, lambda c: {**CASE(c), "key": dl.deadline_for(c).pk}),
    "api_deadline_done": (CASE_ROUTE, lambda c: {**CASE(c), "key": dl.deadline_for(c).pk}),
    "api_deadlines_compute": (CASE_ROUTE, CASE),
    "api_decisions": (CASE_ROUTE, CASE),
    "api_decision": (CASE_ROUTE, lambda c: {**CASE(c), "key": dl.decision_for(c).key}),
    "api_interim_request": (CASE_ROUTE, lambda c: {**CASE(c), "key": dl.interim_for(c).pk}),
    "api_case_audit": (CASE_ROUTE, CASE),
    "api_generated_documents": (CASE_ROUTE, CASE),
    "api_generated_document": (CASE_ROUTE, lambda c: {**CASE(c), "pk": docs.generated_for(c).pk}),
    "api_generated_file": (CASE_ROUTE, lambda c: {**CASE(c), "pk": docs.generated_for(c).pk, "fmt": "docx"}),
    "api_exports": (CASE_ROUTE, CASE),
    "api_export": (CASE_ROUTE, lambda c: {**CASE(c), "pk": _export(c).pk}),
    "api_export_file": (CASE_ROUTE, lambda c: {**CASE(c), "pk": _export(c).pk}),
    "api_package_export": (CASE_ROUTE, CASE),
    "api_package_import": (SIGNED_IN, None),  # opens a case in the token's organisation: tests/api/test_resources.py
    "api_interim_requests": (CASE_ROUTE, CASE),
    "api_coi_citations": (CASE_ROUTE, CASE),
    "api_coi_citation": (CASE_ROUTE, lambda c: {**CASE(c), "key": c.coi_citations.get().key}),
    "api_coi_search": (SIGNED_IN, None),  # the organisation's library: tests/api/test_coi.py
    "api_findings": (CASE_ROUTE, lambda c: {**CASE(c), "parent": c.documents.get().key}),
    "api_finding": (CASE_ROUTE, lambda c: {**CASE(c), "parent": c.documents.get().key,
                                           "key": c.documents.get().findings.get().pk}),
    "api_medical_findings": (CASE_ROUTE, CASE),
    "api_gaps": (CASE_ROUTE, CASE),
    "api_conflicts": (CASE_ROUTE, CASE),
    "api_bundles": (CASE_ROUTE, CASE),
    "api_bundle": (CASE_ROUTE, BUILD),
    "api_bundle_volume": (CASE_ROUTE, lambda c: {**BUILD(c), "number": 1}),
}
CASE_ROUTES = sorted(n for n, (a, _) in API_ROUTES.items() if a == CASE_ROUTE)
# A viewer reads, but neither downloads originals (unless granted) nor reads the audit log: 403.
VIEWER_FORBIDDEN = frozenset({"api_document_original", "api_case_audit", "api_package_export"})
# Interpreters and experts: these answer with only what is shared ...
SHARED_LISTS = frozenset({"api_case", "api_documents", "api_events", "api_translations"})
# ... and these only for a document shared with them.
SHARED_ITEMS = frozenset({"api_document", "api_document_original", "api_document_pdf"})
UNSAFE = ("post", "put", "patch", "delete")


def _build(case: Case) -> Any:
    """A finished build with one volume, made without running the engine."""
    from tests.test_permissions import _build as web_build

    return web_build(case)


def _export(case: Case) -> Any:
    """A made gap-report PDF, made without running the worker (its file: the document's)."""
    from article3.exports.models import CaseExport

    found = case.exports.first()
    return found or CaseExport.objects.create(case=case, kind="gap_report", status="done", requested_by="test",
                                              sha256=case.documents.get().original_sha256, filename="gaps.pdf",
                                              content_type="application/pdf", bytes=20)


def api_names() -> list[str]:
    (api,) = [e for e in get_resolver().url_patterns if str(e.pattern) == "api/v1/"]
    return [e.name for e in api.url_patterns if isinstance(e, URLPattern) and e.name]  # type: ignore[attr-defined]


def _view(name: str) -> Any:
    (api,) = [e for e in get_resolver().url_patterns if str(e.pattern) == "api/v1/"]
    (entry,) = [e for e in api.url_patterns if getattr(e, "name", "") == name]  # type: ignore[attr-defined]
    return entry.callback.cls


def writes_of(name: str) -> list[str]:
    """The unsafe methods the route's view answers."""
    return [m for m in UNSAFE if hasattr(_view(name), m)]


def read(name: str, status: int) -> int:
    """What a GET answers: `status`, or 405 on a route that only acts (marking a deadline done)."""
    return status if hasattr(_view(name), "get") else 405


def test_every_api_route_is_in_the_matrix() -> None:
    assert sorted(set(api_names()) - set(API_ROUTES)) == []


@pytest.fixture
def filled(case: Case) -> Case:
    """The case with one record of each kind, and a document whose PDF is ready."""
    from article3.cases.services import person_add
    from article3.evidence.models import MedicalFinding
    from article3.evidence.services import document_add

    person_add(actor="test", case=case, role="family", name="Canary Person", relation="sister")
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"A witness statement."), filename="w.txt",
                            kind="witness_statement", process=False)
    document.derived_sha256 = document.original_sha256  # as if converted, without running the pipeline
    document.save()
    MedicalFinding.objects.create(document=document, finding="Scars on the back", consistency="consistent")
    claims.citation_for(case)
    chron.account_for(case)
    chron.remedy_for(case)
    claims.support_for(case)
    dl.deadline_for(case)
    dl.decision_for(case)
    dl.interim_for(case)
    return case


def _status(api: Api, method: str, url: str) -> int:
    return int(getattr(api, method)(url).status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASE_ROUTES)
def test_case_routes(name: str, filled: Case, alice: User, bob: User, dave: User, charlie: User) -> None:
    kwargs = API_ROUTES[name][1]
    assert kwargs is not None
    url = reverse(name, kwargs=kwargs(filled))
    assert api_for(alice).get(url).status_code == read(name, 200), "the case's attorney reads it"
    assert api_for(bob).get(url).status_code == read(name, 403 if name in VIEWER_FORBIDDEN else 200), "a viewer"
    assert api_for(dave).get(url).status_code == read(name, 404), "same organisation, not on the team"
    assert api_for(charlie, scope="admin").get(url).status_code == read(name, 404), "another organisation's token"
    assert Api("a3p_unknown").get(url).status_code == 401
    for method in writes_of(name):
        assert _status(api_for(alice, scope="read"), method, url) == 403, f"{method} with a read token"
        assert _status(api_for(charlie, scope="admin"), method, url) == 404, f"{method} from another organisation"
        assert _status(api_for(dave), method, url) == 404, f"{method} from off the team"
        if method != "delete":
            assert _status(api_for(bob), method, url) == 403, f"{method} by a viewer"


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASE_ROUTES)
def test_case_routes_for_need_to_know_roles(name: str, filled: Case, org_a: Organisation) -> None:
    from article3.cases.models import CaseMember
    from article3.cases.services import case_share_set, team_member_add

    people = []
    for email, role in (("ivan@example.org", Role.INTERPRETER), ("erin@example.org", Role.EXPERT)):
        people.append(make_user(org_a, email, role))
        team_member_add(actor="test", case=filled, user_id=people[-1].pk, role=role)
    kwargs = API_ROUTES[name][1]
    assert kwargs is not None
    url = reverse(name, kwargs=kwargs(filled))
    for person in people:
        response = api_for(person).get(url)
        assert response.status_code == read(name, 200 if name in SHARED_LISTS else 404), f"{person.email}, nothing"
        if name in ("api_documents", "api_events", "api_translations"):
            assert response.json() == [], "lists hold only what is shared"
        for method in writes_of(name):
            assert _status(api_for(person), method, url) in (403, 404), f"{method} by {person.email}"
    for seat in CaseMember.objects.filter(case=filled, user__in=people):
        case_share_set(actor="test", seat=seat, document=filled.documents.get(), shared=True)
    for person in people:
        status = api_for(person).get(url).status_code
        assert status == read(name, 200 if name in SHARED_LISTS | SHARED_ITEMS else 404), f"{person.email}, one shared"


@pytest.mark.django_db
def test_organisation_routes(case: Case, alice: User, charlie: User, org_a: Organisation) -> None:
    url = reverse("api_organisation", kwargs={"slug": org_a.slug})
    assert api_for(alice).get(url).json() == {"slug": "clinic-a", "name": "Clinic A", "role": "attorney"}
    assert api_for(charlie, scope="admin").get(url).status_code == 404
    assert [o["slug"] for o in api_for(charlie).get(reverse("api_organisations")).json()] == ["clinic-b"]
    assert [c["reference"] for c in api_for(charlie).get(reverse("api_cases")).json()["results"]] == []
    assert Api("a3p_unknown").get(reverse("api_organisations")).status_code == 401


@pytest.mark.django_db
def test_organisation_audit_needs_an_admin_and_an_admin_token(case: Case, alice: User, charlie: User,
                                                              org_a: Organisation) -> None:
    url = reverse("api_audit")
    admin = make_user(org_a, "admin@example.org", Role.ADMIN)
    entries = api_for(admin, scope="admin").get(url).json()
    assert entries and all(e["action"] != "" for e in entries)
    assert any(e["action"] == "cases.case.created" for e in entries)
    assert api_for(admin, scope="write").get(url).status_code == 403, "an admin with a write token"
    assert api_for(alice, scope="admin").get(url).status_code == 404, "not an admin"
    charlie_sees = api_for(charlie, scope="admin").get(url).json()
    assert not any(e["action"] == "cases.case.created" for e in charlie_sees), "another organisation's log"


@pytest.mark.django_db
def test_public_routes_answer_without_a_token(db: None) -> None:
    from django.test import Client

    schema = Client().get(reverse("api_schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.1")
    docs = Client().get(reverse("api_docs"))
    assert docs.status_code == 200 and b"<script" in docs.content
    assert b"cdn" not in docs.content.lower() and b"unpkg" not in docs.content.lower()
    assert b"<style" not in docs.content and b"/static/api/docs.css" in docs.content, "nothing the CSP blocks"
