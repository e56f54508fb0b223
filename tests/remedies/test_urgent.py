"""Issue 20: urgent drafts from the emergency panel name the right forum, cite the rule and pinpoint bundle
pages; requests are tracked until the answer, the State's compliance is logged, and a refused request
shows the next option."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from article3.audit.models import AuditEntry
from article3.bundles.models import BundleBuild
from article3.cases.models import Case
from article3.deadlines.models import InterimKind, InterimStatus
from article3.deadlines.services import interim_request_update
from article3.docs.services import generated_run
from article3.errors import DomainError
from article3.remedies import services
from article3.remedies.selectors import emergency_for_case
from tests.conftest import client_for
from tests.docs.conftest import LEFTOVER, text_of

pytestmark = pytest.mark.django_db
PINPOINT = re.compile(r"Exh\. [A-Z0-9]+ at \d+")


def _forum(case: Case, forum: str) -> Case:
    Case.objects.filter(pk=case.pk).update(forum=forum)
    case.refresh_from_db()
    services.removal_set(actor="test", case=case, changes={
        "removal_date": timezone.localdate() + datetime.timedelta(days=5), "removal_time": datetime.time(6, 30),
        "detention_place": "Northside Processing Center"})
    return case


def _draft(case: Case, kind: str, state: str = "") -> str:
    generated, interim = services.urgent_draft(actor="test", case=case, kind=kind, state_party=state)
    assert interim.status == InterimStatus.DRAFT and interim.option == kind
    text = text_of(generated_run(generated=generated, pdf=False))
    assert not LEFTOVER.search(text)
    return text


def test_a_us_stay_motion_pinpoints_the_bundle_and_cites_its_rules(built_demo: tuple[Case, BundleBuild]) -> None:
    case = _forum(built_demo[0], "us-eoir")
    text = _draft(case, "stay_motion")
    assert "Emergency motion for a stay of removal" in text
    assert "Forum: United States: immigration court (EOIR) and BIA" in text
    assert "8 C.F.R. 1003.2(f), 1003.6 and 1003.23(b)(1)(v)" in text and "(unverified)" in text
    assert "8 U.S.C. 1252(b)(1)" in text  # the court of appeals, if the stay is refused
    assert "A-number" in text and "A-number of the applicant" not in text
    assert "at 06:30, from detention at Northside Processing Center" in text
    assert PINPOINT.search(text), "the record is cited by bundle page"
    assert "bundle page pending" not in text


def test_a_rule39_request_names_the_court_cites_rule_39_and_pinpoints(built_demo: tuple[Case, BundleBuild]) -> None:
    case = _forum(built_demo[0], "uk-ftt")
    text = _draft(case, "rule39", "GB")
    assert "Request for interim measures under Rule 39 of the Rules of Court" in text
    assert "Respondent State: United Kingdom" in text
    assert "r39.echr.coe.int" in text
    assert PINPOINT.search(text)
    assert case.interim_requests.get().kind == InterimKind.ECHR_RULE39


def test_a_cat_rule_114_request_for_a_canadian_case(built_demo: tuple[Case, BundleBuild]) -> None:
    case = _forum(built_demo[0], "ca-irb")
    text = _draft(case, "cat_rule114", "CA")
    assert "Committee against Torture" in text and "rule 114" in text
    assert "State party" in text and "Canada" in text
    assert PINPOINT.search(text)
    with pytest.raises(DomainError, match="not offered"):
        services.urgent_draft(actor="test", case=case, kind="rule39", state_party="GB")  # not a Canadian step
    with pytest.raises(DomainError, match="no draft"):
        services.urgent_draft(actor="test", case=case, kind="federal_court_stay")  # a checklist only


def test_a_refused_request_shows_the_next_option_and_compliance_is_logged(case: Case, alice: User) -> None:
    uk = _forum(case, "uk-ftt")
    _, interim = services.urgent_draft(actor="test", case=uk, kind="rule39", state_party="GB")
    day = timezone.localdate()
    interim_request_update(actor="test", interim=interim, status=InterimStatus.FILED, on=day)
    panel = emergency_for_case(case=uk, today=day)
    assert panel.requests[0].next_options == ()
    client = client_for(alice)
    url = reverse("remedies_request_update", kwargs={"case_id": uk.public_id, "pk": interim.pk})
    assert client.post(url, {"status": "granted", "compliance": "not_complied"}).status_code == 302
    interim.refresh_from_db()
    assert interim.status == InterimStatus.GRANTED and interim.compliance == "not_complied"
    assert AuditEntry.objects.filter(action="remedies.compliance.logged").count() == 1
    page = client.get(reverse("remedies_emergency", kwargs={"case_id": uk.public_id})).content.decode()
    assert "The State did not comply" in page

    # A refused urgent judicial review points to the Rule 39 request, as the pack says.
    jr = services.option_for(case=uk, kind="urgent_jr")
    assert jr.document is None and jr.if_refused == ("rule39",)
    from article3.deadlines.services import interim_request_add

    refused = interim_request_add(actor="test", case=uk, kind=InterimKind.STAY, status=InterimStatus.REFUSED,
                                  filed_on=day, decided_on=day)
    type(refused).objects.filter(pk=refused.pk).update(option="urgent_jr")
    tracked = {t.request.pk: t for t in emergency_for_case(case=uk, today=day).requests}
    assert [o.kind for o in tracked[refused.pk].next_options] == ["rule39"]
    page = client.get(reverse("remedies_emergency", kwargs={"case_id": uk.public_id})).content.decode()
    assert "Refused. Next: <strong>Rule 39 request to the European Court of Human Rights</strong>" in page


def test_the_panel_drafts_and_lands_on_the_documents_page(case: Case, alice: User) -> None:
    uk = _forum(case, "uk-ftt")
    client = client_for(alice)
    response = client.post(reverse("remedies_draft", kwargs={"case_id": uk.public_id}),
                           {"kind": "rule39", "state_party": "FR"})
    assert response.status_code == 302 and response["Location"].endswith("/documents/")
    assert uk.generated_documents.get().kind == "rule39_request"
    refused = client.post(reverse("remedies_draft", kwargs={"case_id": uk.public_id}),
                          {"kind": "rule39", "state_party": "US"}, follow=True)
    assert "is not a Party to the European Convention" in refused.content.decode()
    assert uk.generated_documents.count() == 1
