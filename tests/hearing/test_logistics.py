"""The hearing checklist of the forum: items from the rule pack with their sources and computed due dates,
practice items marked as such, ticked and unticked with an audit trail, open items on the overview."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.deadlines.services import deadlines_compute_add
from article3.errors import DomainError
from article3.hearing import logistics
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_items_come_from_the_pack_with_sources_and_due_dates(demo_case: Case, alice: User) -> None:
    deadlines_compute_add(actor="test", case=demo_case, trigger="individual_hearing", date=demo_case.hearing_date)
    items = {item.code: item for item in logistics.checklist(case=demo_case)}
    prehearing = items["rule:prehearing_filing"]
    assert prehearing.source is not None and prehearing.source.citation
    computed = demo_case.deadlines.get(rule="prehearing_filing")
    assert prehearing.due == computed.due and prehearing.due < demo_case.hearing_date  # type: ignore[operator]
    assert items["certificate_of_service"].source is not None
    assert items["interpreter"].source is None, "practice, not law"
    logistics.item_tick(actor=alice, case=demo_case, code="interpreter", done=True)
    logistics.item_tick(actor=alice, case=demo_case, code="interpreter", done=True)  # twice: still one
    assert [i.code for i in logistics.checklist(case=demo_case) if i.done] == ["interpreter"]
    logistics.item_tick(actor=alice, case=demo_case, code="interpreter", done=False)
    assert not any(i.done for i in logistics.checklist(case=demo_case))
    with pytest.raises(DomainError, match="not on this forum's checklist"):
        logistics.item_tick(actor=alice, case=demo_case, code="rule:made-up", done=True)
    assert list(AuditEntry.objects.filter(case_id=demo_case.pk, action__startswith="hearing.logistics")
                .values_list("action", flat=True)) == ["hearing.logistics.ticked", "hearing.logistics.unticked"]


def test_open_items_show_on_the_overview_as_the_hearing_approaches(demo_case: Case, alice: User) -> None:
    overview = reverse("case_detail", kwargs={"case_id": demo_case.public_id})
    tick = reverse("case_hearing_logistics_tick", kwargs={"case_id": demo_case.public_id})
    with time_machine.travel(datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)):
        client = client_for(alice)
        assert "Before the hearing on" not in client.get(overview).content.decode(), "still far off"
    with time_machine.travel(datetime.datetime(2027, 1, 20, tzinfo=datetime.UTC)):
        client = client_for(alice)
        page = client.get(overview).content.decode()
        assert "Before the hearing on 10 February 2027" in page and "Original documents gathered" in page
        client.post(tick, {"item": "originals", "done": "yes"})
        page = client.get(overview).content.decode()
        assert "Original documents gathered" not in page and "Certificate of service in the bundle" in page
        listing = client.get(reverse("case_hearing_logistics", kwargs={"case_id": demo_case.public_id}))
    text = listing.content.decode()
    service = next(i for i in logistics.checklist(case=demo_case) if i.code == "certificate_of_service")
    assert service.source is not None
    status = "verified" if service.source.verified else "unverified"
    assert f"{service.source.citation} ({status})" in text and "Practice: no rule cited" in text
    assert "Done ✓" in text
