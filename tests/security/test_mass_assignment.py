"""A3, mass assignment: every form of case A, posted by its owner with another organisation's ids.

The owner (alice) opens every page of her case, fills in each form found there as a person
would, and adds fields naming organisation B's objects (`organisation`, `case_id`, `owner`,
`user`, ...). A second pass puts B's ids into the form's own choice fields too. Whatever each
post does, nothing may move into B's world or out of it: B's rows are unchanged, and no
row of A's points at anything of B's.
"""

from collections import defaultdict
from typing import Any

import lxml.html
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.chronology import services as chronology
from tests.conftest import client_for
from tests.security.canaries import Canaries, seed_case
from tests.security.crawl import fetch, visits

# Not part of anyone's world: the session store, the throttle, the task queue and the audit log
# (the log is checked on its own below).
OUTSIDE = {"sessions.session", "accounts.loginfailure", "django_tasks_database.dbtaskresult", "audit.auditentry",
           "contenttypes.contenttype", "auth.permission"}
Key = tuple[str, Any]
# Downloads and exports: no forms in them, and slow to make.
BINARY = {"evidence_original", "evidence_pdf", "case_chronology_pdf", "case_chronology_docx", "case_export_download",
          "deadlines_ics"}


@pytest.fixture
def case_b(org_b: Any, charlie: User) -> Case:
    case = seed_case(organisation=org_b, owner=charlie, canaries=Canaries())
    chronology.event_add(actor=charlie, case=case, key="e-test", kind="threat", date="2020")
    return case


def _b_ids(case_b: Case, charlie: User) -> dict[str, Any]:
    document = case_b.documents.first()
    assert document is not None
    event, fact = case_b.events.first(), case_b.facts.first()
    ids = {"organisation": case_b.organisation_id, "organisation_id": case_b.organisation_id,
           "case": case_b.pk, "case_id": case_b.pk, "case_public_id": str(case_b.public_id),
           "public_id": str(case_b.public_id), "owner": charlie.pk, "owner_id": charlie.pk, "user": charlie.pk,
           "user_id": charlie.pk, "created_by": charlie.pk, "done_by": charlie.pk, "pk": case_b.pk, "id": case_b.pk,
           "document": document.pk, "document_id": document.pk, "translates": document.pk,
           "event": event.pk if event else 0, "event_id": event.pk if event else 0,
           "fact": fact.pk if fact else 0, "fact_id": fact.pk if fact else 0}
    citation = case_b.coi_citations.first()
    if citation is not None:
        ids.update(passage=citation.passage_id, report=citation.report_id, coi_citation=citation.pk)
    return ids


def _forms(html: bytes, page_url: str) -> list[tuple[str, dict[str, list[str]]]]:
    if b"<form" not in html:
        return []
    found = []
    for form in lxml.html.fromstring(html).forms:
        action = form.get("action") or page_url
        if (form.method or "GET").upper() != "POST" or "logout" in action:
            continue
        data: dict[str, list[str]] = defaultdict(list)
        for name, value in form.form_values():
            data[name].append(value)
        for element in form.inputs:
            if element.name and not data.get(element.name) and _typed(element):
                data[element.name] = [_filler(element)]
        for button in form.xpath(".//button[@name]")[:1]:
            data[button.get("name")] = [button.get("value", "")]
        found.append((action, dict(data)))
    return found


def _typed(element: Any) -> bool:
    return element.tag == "textarea" or getattr(element, "type", "") in ("text", "email", "url", "tel", "number",
                                                                          "date", "search")


def _filler(element: Any) -> str:
    kind, name = getattr(element, "type", ""), element.name
    if kind == "date":
        return "2026-01-15"
    if kind == "number":
        return "1"
    if "date" in name:
        return "2020-01"
    return "Mass assignment probe"


def _world(roots: set[Key]) -> dict[Key, str]:
    """Every row reachable from the roots by following foreign keys backwards (B's world), by value."""
    tables = set(connection.introspection.table_names())
    models_ = [m for m in apps.get_models() if m._meta.label_lower not in OUTSIDE and m._meta.db_table in tables]
    rows = {m: list(m._base_manager.values()) for m in models_}
    owned: dict[Key, str] = {}
    grew = True
    while grew:
        grew = False
        for model, values in rows.items():
            label, pk = model._meta.label_lower, model._meta.pk.attname
            links = [(f.related_model._meta.label_lower, f.attname)  # type: ignore[union-attr]
                     for f in model._meta.concrete_fields if f.is_relation and f.related_model is not None]
            for row in values:
                key = (label, row[pk])
                if key not in owned and (key in roots or any((to, row[attname]) in owned for to, attname in links)):
                    owned[key], grew = repr(sorted(row.items())), True
    return owned


@pytest.mark.django_db
def test_foreign_ids_posted_into_every_form_move_nothing(alice: User, bob: User, org_a: Any, case_b: Case,
                                                          charlie: User) -> None:
    case_a = seed_case(organisation=org_a, owner=alice, canaries=Canaries())
    roots = {("accounts.organisation", case_b.organisation_id), ("auth.user", charlie.pk)}
    before, b_ids = _world(roots), _b_ids(case_b, charlie)
    audit_before = AuditEntry.objects.count()
    client = client_for(alice)
    pages = [v for v in visits(case_a, posts=False) if v.method == "GET" and v.name not in BINARY]
    outcomes: dict[int, int] = defaultdict(int)
    posted = 0
    for page in pages:
        for action, data in _forms(fetch(client, page).body, page.url):
            for override in (False, True):
                extra = {k: [str(v)] for k, v in b_ids.items() if override or k not in data}
                response = client.post(action, {**data, **extra})
                outcomes[response.status_code] += 1
                posted += 1
    after = _world(roots)
    assert sorted(set(after) - set(before)) == [], "rows of A now point into B's world"
    assert {k: v for k, v in before.items() if after.get(k) != v} == {}, "rows of B changed"
    case_a.refresh_from_db()
    assert case_a.organisation_id == org_a.pk
    assert set(case_a.team.values_list("user__memberships__organisation", flat=True)) == {org_a.pk}
    new_entries = AuditEntry.objects.filter(seq__gt=audit_before)
    assert not new_entries.filter(organisation_id=case_b.organisation_id).exists()
    assert not new_entries.filter(case_id=case_b.pk).exists()
    # The forms were really filled in and saved, and B's world is the whole of it.
    assert ("cases.case", case_b.pk) in before and posted >= 60 and outcomes[302] >= 30, dict(outcomes)
