"""E4: concurrent edits under optimistic concurrency (the `version` column).

Two writers read the same version and both save: the first wins, the second is refused with
the current row, and nothing is lost. Interleaved in one process (both read, both write),
which is the race two browsers run; then the same through the web form, where the loser
sees both versions (409).
"""

import random

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case, SafetyPlan
from article3.cases.services import safety_plan_update
from article3.errors import StaleEdit
from tests.conftest import client_for

PAIRS = 1000


@pytest.mark.django_db
def test_a_thousand_conflicting_pairs_lose_no_update(case: Case, alice: User, dave: User) -> None:
    rng = random.Random(3)
    plan_id, start_version = case.safety_plan.pk, case.safety_plan.version
    wins = refusals = 0
    for n in range(PAIRS):
        first, second = SafetyPlan.objects.get(pk=plan_id), SafetyPlan.objects.get(pk=plan_id)  # both read
        writers = [(alice, first, f"alice {n}"), (dave, second, f"dave {n}")]
        rng.shuffle(writers)
        (w_actor, w_plan, w_text), (l_actor, l_plan, l_text) = writers
        safety_plan_update(actor=w_actor, plan=w_plan, expected_version=w_plan.version, changes={"routines": w_text})
        wins += 1
        with pytest.raises(StaleEdit) as refused:
            safety_plan_update(actor=l_actor, plan=l_plan, expected_version=l_plan.version,
                               changes={"routines": l_text})
        refusals += 1
        assert refused.value.current.routines == w_text, "the loser is shown what the winner saved"
        assert SafetyPlan.objects.get(pk=plan_id).routines == w_text, "the winner's text survived"
    final = SafetyPlan.objects.get(pk=plan_id)
    assert (wins, refusals) == (PAIRS, PAIRS)
    assert final.version - start_version == wins, "one version per successful write, none per refusal"
    assert AuditEntry.objects.filter(action="cases.safety_plan.updated").count() == wins


def _form(client: Client, url: str) -> dict[str, str]:
    page = client.get(url).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    return {"version": version, "routines": ""}


@pytest.mark.django_db
def test_through_the_form_the_loser_gets_409_with_both_versions(case: Case, alice: User) -> None:
    url = reverse("case_safety_plan", kwargs={"case_id": case.public_id})
    one, two = client_for(alice), client_for(alice)  # two browser tabs
    for n in range(20):
        form_one, form_two = _form(one, url), _form(two, url)
        assert one.post(url, {**form_one, "routines": f"first tab {n}"}).status_code == 302
        lost = two.post(url, {**form_two, "routines": f"second tab {n}"})
        assert lost.status_code == 409
        assert f"first tab {n}" in lost.content.decode() and f"second tab {n}" in lost.content.decode()
    case.safety_plan.refresh_from_db()
    assert case.safety_plan.routines == "first tab 19"
