"""A2 and D3: seed case A with canaries, crawl every route as outsiders and as the owner.

Outsiders (charlie, admin of organisation B; dave, in A's organisation but not on the case)
must meet no canary in any body or header, on any page, download, export, JSON, feed or
error page. The owner's crawl shows the canaries are really rendered (so the outsiders'
result means something), and that every sensitive read left its audit record.
"""

import re

import pytest
from django.contrib.auth.models import User

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.deadlines.services import calendar_feed_create
from tests.conftest import client_for
from tests.security.canaries import Canaries, seed_case, seed_library
from tests.security.crawl import Seen, Visit, fetch, read_visits, visits
from tests.test_permissions import CASE_READ

# Reads that are not audited, and why. Everything else a case member reads leaves a record.
NOT_AUDITED = {
    "evidence_status": "the evidence page polls it every few seconds; it holds keys and progress, no case text",
    "evidence_document_status": "upload rows and the document page poll it; status and progress, no case text",
    "bundles_build_status": "polled while a bundle builds; it holds the status and progress, no case text",
    "case_export_status": "polled while a file is made; it holds the status and progress, no case text",
    "case_chronology_extract_status": "polled while a document is read for dates; status and progress, no case text",
}


@pytest.fixture
def canaries() -> Canaries:
    return Canaries()


@pytest.fixture
def case_a(org_a: object, alice: User, bob: User, canaries: Canaries) -> Case:
    case = seed_case(organisation=org_a, owner=alice, canaries=canaries)
    seed_library(case=case, canaries=canaries)
    return case


def _crawl(user: User, case: Case) -> list[Seen]:
    _, token = calendar_feed_create(actor=user, user=user)
    client = client_for(user)
    pages = [fetch(client, visit) for visit in visits(case, feed_token=token)]
    for url in ("/no-such-page/", f"/cases/{case.public_id}/no-such-tab/",
                "/cases/00000000-0000-0000-0000-000000000000/"):
        pages.append(fetch(client, Visit("error_page", "error", "GET", url)))
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("outsider", ["charlie", "dave"])
def test_outsiders_meet_no_canary_anywhere(outsider: str, case_a: Case, canaries: Canaries,
                                           request: pytest.FixtureRequest) -> None:
    user: User = request.getfixturevalue(outsider)
    library = {c for c, where in canaries.where.items() if where.startswith("coi.")}
    allowed = library if outsider == "dave" else set()  # the library is the whole organisation's
    pages = _crawl(user, case_a)
    leaks = {(p.visit.method, p.visit.name): sorted(canaries.found_in(p.text) - allowed) for p in pages}
    assert {k: v for k, v in leaks.items() if v} == {}
    assert {p.visit.name: p.status for p in pages if p.visit.on_case and p.status != 404} == {}
    assert len(pages) > 60


@pytest.mark.django_db
def test_the_owner_sees_the_canaries_so_the_crawl_means_something(case_a: Case, alice: User,
                                                                  canaries: Canaries) -> None:
    client = client_for(alice)
    shown: set[str] = set()
    for visit in read_visits(case_a):
        page = fetch(client, visit)
        assert page.status == 200, visit
        shown |= canaries.found_in(page.text)
    missing = sorted(canaries.where[c] for c in set(canaries.where) - shown)
    assert len(shown) >= 0.8 * len(canaries.where), missing


@pytest.mark.django_db
def test_every_sensitive_read_is_audited_and_the_log_holds_no_canary(case_a: Case, alice: User,
                                                                       canaries: Canaries) -> None:
    client = client_for(alice)
    reads = [v for v in read_visits(case_a) if v.access == CASE_READ]
    unaudited = []
    for visit in reads:
        before = AuditEntry.objects.filter(case_id=case_a.pk).count()
        assert fetch(client, visit).status == 200, visit
        if AuditEntry.objects.filter(case_id=case_a.pk).count() == before and visit.name not in NOT_AUDITED:
            unaudited.append(visit.name)
    assert unaudited == [], f"{len(unaudited)} of {len(reads)} sensitive reads left no audit record"
    fields = AuditEntry.objects.values_list("actor", "action", "object_type", "detail")
    assert sorted(canaries.where[c] for c in canaries.found_in(str(list(fields)))) == []
    keys = "\n".join(AuditEntry.objects.values_list("object_key", flat=True))
    assert sorted(canaries.where[c] for c in canaries.found_in(keys)) == []
    assert keys.count("\n") > 20, "the crawl left too few audit records for the check to mean something"


@pytest.mark.django_db
def test_no_url_carries_typed_text(case_a: Case, alice: User, canaries: Canaries) -> None:
    """Keys are in URLs, so in browser history and server logs: they hold no text anyone typed."""
    urls = "\n".join(visit.url for visit in visits(case_a))
    assert sorted(canaries.where[c] for c in canaries.found_in(urls)) == []
    client = client_for(alice)
    linked = "\n".join(_links(fetch(client, visit).text) for visit in read_visits(case_a))
    assert sorted(canaries.where[c] for c in canaries.found_in(linked)) == []
    assert linked.count("/cases/") > 50, "the pages link to the case's records"


def _links(html: str) -> str:
    """Every href, src and action of a page: the addresses a browser would put in its history."""
    return "\n".join(re.findall(r'(?:href|src|action)="([^"]*)"', html))


@pytest.mark.django_db
@pytest.mark.parametrize("shared", [False, True])
def test_an_interpreter_meets_only_what_is_shared(shared: bool, case_a: Case, org_a: object,
                                                   canaries: Canaries) -> None:
    """Need-to-know: an interpreter on the team, with nothing shared or with the one document shared,
    crawls every route: nothing of the case shows but its reference and, when shared, that document."""
    from article3.accounts.models import Role
    from article3.cases.services import case_share_set, team_member_add
    from tests.conftest import make_user

    interpreter = make_user(org_a, "ivan@example.org", Role.INTERPRETER)  # type: ignore[arg-type]
    seat = team_member_add(actor="test", case=case_a, user_id=interpreter.pk, role=Role.INTERPRETER)
    document = case_a.documents.get()
    if shared:
        case_share_set(actor="test", seat=seat, document=document, shared=True)
    of_document = ("evidence.document.", "evidence.documentpage.", "evidence.medicalfinding.",
                   "evidence.previousoriginal.", "evidence.custodyentry.", "file.", "custody.")
    allowed = {c for c, where in canaries.where.items() if where.startswith("coi.") or where == "case.reference"
               or (shared and where.startswith(of_document))}
    pages = _crawl(interpreter, case_a)
    leaks = {(p.visit.method, p.visit.name): sorted(canaries.where[c] for c in canaries.found_in(p.text) - allowed)
             for p in pages}
    assert {k: v for k, v in leaks.items() if v} == {}
    if shared:
        seen = set().union(*(canaries.found_in(p.text) for p in pages))
        assert {canaries.where[c] for c in seen} & {"file.text", "file.name"}, "the shared document is readable"
