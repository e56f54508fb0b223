"""Facts and support: validation against the case's rule pack and its own objects, versioning, audit."""

import pytest

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.claims import services
from article3.claims.models import Support
from article3.errors import DomainError, StaleEdit
from tests.claims.factories import citation_for, document_for, event_for, fact_for, support_for

pytestmark = pytest.mark.django_db


def test_a_fact_gets_an_opaque_key_and_its_elements_in_the_pack_order(case: Case) -> None:
    fact = services.fact_add(actor="test", case=case, text="  Held for five days at the gendarmerie. ",
                             elements=["past_torture", "custody_or_control", "past_torture"])
    assert fact.key == "f-1" and fact.text == "Held for five days at the gendarmerie."
    assert fact.elements == ["custody_or_control", "past_torture"]
    again = services.fact_add(actor="test", case=case, text="Held for five days at the gendarmerie.", elements=[])
    assert again.key == "f-2"


def test_elements_are_validated_against_the_case_pack(case: Case, org_a: Organisation) -> None:
    with pytest.raises(DomainError, match="Not an element of forum us-eoir: flying"):
        services.fact_add(actor="test", case=case, text="x", elements=["flying"])
    uk = case_create(actor="test", organisation=org_a, reference="UK-1", forum="uk-ftt", country_of_return="CM",
                     applicant_name="X")
    with pytest.raises(DomainError, match="custody_or_control"):
        services.fact_add(actor="test", case=uk, text="x", elements=["custody_or_control"])  # not applicable there
    with pytest.raises(DomainError, match="needs its text"):
        services.fact_add(actor="test", case=case, text="   ", elements=[])
    fact_for(case)
    with pytest.raises(DomainError, match="already exists"):
        services.fact_add(actor="test", case=case, key="f-test", text="x", elements=[])


def test_fact_edits_are_versioned(case: Case) -> None:
    fact = fact_for(case)
    updated = services.fact_update(actor="test", fact=fact, expected_version=1,
                                   changes={"text": "Held for six days.", "elements": ["personal_risk"]})
    assert updated.version == 2 and updated.elements == ["personal_risk"]
    with pytest.raises(StaleEdit):
        services.fact_update(actor="test", fact=fact, expected_version=1, changes={"text": "Lost update"})
    with pytest.raises(DomainError):
        services.fact_update(actor="test", fact=updated, expected_version=2, changes={"elements": ["nope"]})


def test_support_must_name_the_item_its_kind_says_from_the_same_case(case: Case, org_a: Organisation) -> None:
    fact = fact_for(case)
    with pytest.raises(DomainError, match="Choose the event"):
        services.support_add(actor="test", fact=fact, kind="event")
    other = case_create(actor="test", organisation=org_a, reference="B-1", forum="us-eoir", country_of_return="CM",
                        applicant_name="X")
    with pytest.raises(DomainError, match="another case"):
        services.support_add(actor="test", fact=fact, kind="document", document=document_for(other, "d-x", "other"))
    with pytest.raises(DomainError, match="another case"):
        services.support_add(actor="test", fact=fact, kind="coi_citation", coi_citation=citation_for(other))
    support = services.support_add(actor="test", fact=fact, kind="document", event=event_for(case),
                                   document=document_for(case, "d-medical", "medical"), pages=" 2-3 ")
    assert support.event is None and support.document is not None and support.pinpoint == "p. 2-3"


def test_support_edits_are_versioned_and_keep_one_target(case: Case) -> None:
    support = support_for(case)
    medical = document_for(case, "d-medical", "medical")
    changed = services.support_update(actor="test", support=support, expected_version=1,
                                      changes={"kind": "document", "document": medical, "paragraph": 4})
    assert (changed.kind, changed.event, changed.document, changed.version) == ("document", None, medical, 2)
    with pytest.raises(StaleEdit):
        services.support_update(actor="test", support=support, expected_version=1, changes={"note": "late"})


def test_deleting_an_event_removes_the_support_that_rests_on_it(case: Case) -> None:
    from article3.chronology.services import event_delete

    support_for(case)
    event_delete(actor="test", event=event_for(case))
    assert not Support.objects.exists() and case.facts.count() == 1


def test_the_audit_names_keys_and_codes_never_the_text(case: Case) -> None:
    fact = fact_for(case, text="Secret narrative words")
    support = support_for(case, fact, kind="testimony", note="Another secret")
    services.support_delete(actor="test", support=support)
    services.fact_delete(actor="test", fact=fact)
    entries = AuditEntry.objects.filter(action__startswith="claims.").order_by("seq")
    assert [e.action for e in entries] == ["claims.fact.added", "claims.support.added", "claims.support.deleted",
                                           "claims.fact.deleted"]
    assert all(e.object_key == "f-test" and e.case_id == case.pk for e in entries)
    assert entries[0].detail == {"elements": ["past_torture"]}
    assert "secret" not in str([(e.detail, e.object_key) for e in entries]).casefold()
